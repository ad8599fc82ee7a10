"""BeeOS Open API v1 domain: owner-scoped task lists over SQLite, oag_ keys and HS256 JWTs, signed cursors."""

from mock.beeos.admin import create_task, delete_task, update_task
from mock.beeos.auth import authenticate, demo_credentials
# Aliased: binding `generate` here would shadow the mock.beeos.generate module.
from mock.beeos.generate import generate as _generate
from mock.beeos.queries import list_agent_tasks, list_user_tasks
from mock.beeos.store import SCHEMA_SQL
from mock.beeos.world import load_world
from mock.core.plugin import ApiPlugin

PLUGIN = ApiPlugin(
    id="beeos",
    schema_sql=SCHEMA_SQL,
    load_world=load_world,
    authenticate=authenticate,
    operations={"listUserTasks": list_user_tasks, "listAgentTasks": list_agent_tasks},
    create_task=create_task,
    update_task=update_task,
    delete_task=delete_task,
    generate=_generate,
    demo_credentials=demo_credentials,
)
