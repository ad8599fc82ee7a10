"""Driver: the official Python SDK `beeos-sdk` 0.8.0 (`TasksApi.list_user_tasks` / `list_agent_tasks`).

Run with `.sdk/beeos/bin/python -m sdk_compat.drivers.beeos_sdk PLAN.json`. Every page must
parse in the SDK's pydantic models (`ListTasksResponse`, `TaskSummary`: `state` required and
`active`/`closed`, `metadata` a string map); every error must raise the SDK's typed exception with
its body parsed as `ErrorResponse` (`exc.data`), whose `error.code` the walk checks against the
published codes. The SDK sends no defaults and refuses a `limit` outside 1..100 itself.
"""

from __future__ import annotations

import sys
from typing import Any

import beeos_sdk
from beeos_sdk.exceptions import ApiException
from pydantic import ValidationError

from sdk_compat.drivers import walk_beeos
from sdk_compat.drivers.tally import ApiError, Failure, Page, Tally, main, pydantic_reason


class Adapter:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.apis: dict[str | None, beeos_sdk.TasksApi] = {}

    def _api(self, token: str | None) -> beeos_sdk.TasksApi:
        if token not in self.apis:
            config = beeos_sdk.Configuration(host=self.base_url, access_token=token)
            self.apis[token] = beeos_sdk.TasksApi(beeos_sdk.ApiClient(config))
        return self.apis[token]

    def user(self, token: str | None, **query: Any) -> Page:
        return self._call(lambda api, q: api.list_user_tasks(**q), token, query)

    def agent(self, token: str | None, agent_id: str, **query: Any) -> Page:
        return self._call(lambda api, q: api.list_agent_tasks(agent_id, **q), token, query)

    def _call(self, method: Any, token: str | None, query: dict[str, Any]) -> Page:
        query = {k: v for k, v in query.items() if v is not None}
        try:
            response = method(self._api(token), query)
        except ApiException as exc:
            data = exc.data
            code = getattr(getattr(data, "error", None), "code", None)
            raise ApiError(exc.status, code, data is not None, exc.body or "") from None
        except ValidationError as exc:
            raise Failure(pydantic_reason(exc)) from None
        if response.success is not True:
            raise Failure(f"success is {response.success!r}")
        return Page([task.task_id for task in response.data.tasks], next=response.data.next_since)


def run(plan: dict[str, Any], tally: Tally) -> None:
    walk_beeos.run(Adapter(plan["base_url"]), plan["apis"]["beeos"], tally)


if __name__ == "__main__":
    sys.exit(main("beeos-sdk 0.8.0 (Python)", run))
