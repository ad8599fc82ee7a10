"""Connexion security handler that asks the request's API plugin who the bearer is."""

from __future__ import annotations

from connexion.exceptions import OAuthProblem
from connexion.security import BearerSecurityHandler

from agent_tasks.apis import api_for_path
from mock.core.errors import Unauthenticated
from mock.core.options import Options
from mock.core.registry import plugin
from mock.core.store import Store
from mock.http.requestlog import note_tenant


def security_map(store: Store, options: Options) -> dict[str, type]:
    """`security_map` for Connexion: every `http bearer` scheme resolves through the plugins."""

    class TenantBearerHandler(BearerSecurityHandler):
        def _resolve_func(self, security_scheme):
            return authenticate

        def _get_verify_func(self, function):
            # Replace Connexion's parsing: the plugin decides about missing and malformed headers
            # too, so every 401 carries the API's own message.
            return lambda request: function(request)

    def authenticate(request) -> dict:
        api = api_for_path(request.url.path)
        try:
            principal = plugin(api.id).authenticate(store.connection(), request.headers.get("Authorization"), options)
        except Unauthenticated as exc:
            raise OAuthProblem(detail=exc.message) from None
        note_tenant(request.scope, principal.tenant_id)
        return {"sub": principal.tenant_id, "principal": principal}

    return {"bearer": TenantBearerHandler}
