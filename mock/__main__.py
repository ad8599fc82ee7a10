"""`python -m mock` = `agent-tasks mock`."""

import sys

import mock
from agent_tasks.cli import main

mock.ensure_ours()
sys.exit(main(["mock", *sys.argv[1:]]))
