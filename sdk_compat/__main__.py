"""`python -m sdk_compat`: see runner.py."""

import sys

from sdk_compat.runner import main

sys.exit(main())
