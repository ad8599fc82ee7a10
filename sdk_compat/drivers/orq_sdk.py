"""Driver: the official Python SDK `orq-ai-sdk` 3.14.45 (`Orq().agents.list_tasks`) against the mock.

Run with `.sdk/orq/bin/python -m sdk_compat.drivers.orq_sdk PLAN.json`. Every page must parse in
the SDK's own pydantic models (`ResponseValidationError` otherwise). The Python models accept
`null` in an optional, non-nullable field, but the Node SDK of the same version (zod) rejects it,
so a `null` that the SDK's own serializer would drop (it keeps `null` only for nullable fields)
is reported too. A 404 must raise the SDK's typed `ListAgentTasksAgentsResponseBody`; other
statuses raise its generic `APIError` (the published contract declares only 404).
`SDK_COMPAT_ORQ_INTEGER_LIMIT=1` rewrites `limit=10.0` to `limit=10` on the wire; it exists only to
show what fails behind a server that refuses `10.0`.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

import httpx
from orq_ai_sdk import Orq, models

from sdk_compat.drivers import walk_orq
from sdk_compat.drivers.tally import ApiError, Failure, Page, Tally, dropped_keys, main, pydantic_reason


class Recording(httpx.Client):
    """The SDK's HTTP client, keeping the last response so its raw JSON can be compared with the model."""

    last: httpx.Response | None = None

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        if os.environ.get("SDK_COMPAT_ORQ_INTEGER_LIMIT") == "1":  # only to show what fails behind `limit=10.0`
            query = re.sub(r"(^|&)limit=(\d+)\.0(?=&|$)", r"\1limit=\2", request.url.query.decode())
            request = self.build_request(request.method, request.url.copy_with(query=query.encode()), headers=request.headers)
        self.last = super().send(request, **kwargs)
        return self.last


class Adapter:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = Recording(follow_redirects=True)
        self.clients: dict[str, Orq] = {}

    def tasks(self, token: str, agent_key: str, **query: Any) -> Page:
        orq = self.clients.get(token)
        if orq is None:
            orq = self.clients[token] = Orq(api_key=token, server_url=self.base_url, client=self.http)
        query = {k: v for k, v in query.items() if v is not None}
        try:
            body = orq.agents.list_tasks(agent_key=agent_key, **query)
        except models.ResponseValidationError as exc:
            raise Failure(pydantic_reason(exc.cause) if exc.cause is not None else str(exc)) from None
        except models.ListAgentTasksAgentsResponseBody as exc:
            raise ApiError(exc.status_code, exc.data.message, True, exc.body) from None
        except models.APIError as exc:
            raise ApiError(exc.status_code, None, True, exc.body) from None
        if body is None:
            raise Failure("empty 200 body")
        dumped = json.loads(body.model_dump_json(by_alias=True))
        nulls = list(dict.fromkeys(where for where, value in dropped_keys(self.http.last.json(), dumped) if value is None))
        if nulls:
            raise Failure(f"null in optional, non-nullable field {nulls[0]} (the Node SDK 3.14.45 rejects it)"
                          + (f" (+{len(nulls) - 1} more)" if len(nulls) > 1 else ""))
        return Page([task.id for task in body.tasks], total=body.overall_total)


def run(plan: dict[str, Any], tally: Tally) -> None:
    walk_orq.run(Adapter(plan["base_url"]), plan["apis"]["orq"], tally)


if __name__ == "__main__":
    sys.exit(main("orq-ai-sdk 3.14.45 (Python)", run))
