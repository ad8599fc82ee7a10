"""The org domain (Organisation AI tasks v3): world loading, API-key auth, the list operation."""

from mock.core.plugin import ApiPlugin
from mock.org import admin
from mock.org.auth import authenticate, demo_credentials
from mock.org.generate import generate
from mock.org.queries import list_tasks
from mock.org.store import SCHEMA_SQL
from mock.org.world import load_world

PLUGIN = ApiPlugin(
    id="org",
    schema_sql=SCHEMA_SQL,
    load_world=load_world,
    authenticate=authenticate,
    operations={"listTasks": list_tasks},
    create_task=admin.create_task,
    update_task=admin.update_task,
    delete_task=admin.delete_task,
    generate=generate,
    demo_credentials=demo_credentials,
)
