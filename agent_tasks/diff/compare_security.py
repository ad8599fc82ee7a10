"""Compare the security an operation demands, by what the schemes are rather than their names.

Security requirements are alternatives (any one suffices); `[]` or `{}` means anonymous access.
Schemes are compared by definition, so renaming `bearerAuth` changes nothing on the wire.
"""

from __future__ import annotations

import json

from agent_tasks.diff.rules import Change, change

# Keywords that describe a scheme to a reader but do not change what a client must send.
_DOCUMENTATION = {"description", "bearerFormat"}

Alternative = frozenset[str]


def _scheme_key(scheme: object, name: str) -> str:
    if not isinstance(scheme, dict):
        return json.dumps({"undefined scheme": name})
    wire = {key: value for key, value in scheme.items() if key not in _DOCUMENTATION and not key.startswith("x-")}
    if isinstance(wire.get("flows"), dict):
        # The scopes a client needs come from the requirement; the scheme's catalogue of scopes
        # (and their descriptions) can grow without changing what any client sends.
        wire["flows"] = {name: {k: v for k, v in flow.items() if k != "scopes"} if isinstance(flow, dict) else flow
                         for name, flow in wire["flows"].items()}
    return json.dumps(wire, sort_keys=True, default=str)


def _alternatives(document: dict, operation: dict) -> dict[Alternative, dict[str, tuple[str, set]]]:
    """Each alternative (a set of scheme definitions) → {scheme definition: (its name, its scopes)}."""
    requirements = operation["security"] if "security" in operation else document.get("security") or []
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    found = {}
    for requirement in requirements or [{}]:
        members = {_scheme_key(schemes.get(name), name): (name, set(scopes or ())) for name, scopes in (requirement or {}).items()}
        found[frozenset(members)] = members
    return found


def _covers(alternative: dict[str, tuple[str, set]], credentials: dict[str, tuple[str, set]]) -> bool:
    """Whether a client holding `credentials` satisfies `alternative` (e.g. anonymous access)."""
    return all(scheme in credentials and scopes <= credentials[scheme][1] for scheme, (_, scopes) in alternative.items())


def _describe(scheme: str) -> str:
    """What a client must send for a scheme, e.g. `http bearer` or `apiKey in header X-Key`."""
    fields = json.loads(scheme)
    if fields.get("type") == "apiKey":
        return f"apiKey in {fields.get('in')} {fields.get('name')}"
    return " ".join(str(fields[key]) for key in ("type", "scheme") if key in fields) or "undefined"


def _label(members: dict[str, tuple[str, set]]) -> str:
    return " + ".join(f"`{name}` ({_describe(scheme)})" for scheme, (name, _) in members.items()) or "anonymous access"


def compare_security(base: dict, head: dict, old_op: dict, new_op: dict, operation: str, out: list[Change]) -> None:
    """Append the differences between two operations' effective security to `out`."""
    old, new = _alternatives(base, old_op), _alternatives(head, new_op)
    for key in old.keys() - new.keys():
        if not any(_covers(new[other], old[key]) for other in new):
            out.append(change("api-security-removed", operation, scheme=_label(old[key])))
    for key in new.keys() - old.keys():
        out.append(change("api-security-added", operation, scheme=_label(new[key])))
    for key in old.keys() & new.keys():
        for scheme, (name, scopes) in new[key].items():
            was = old[key][scheme][1]
            if scopes - was:
                out.append(change("api-security-scope-added", operation, scheme=f"`{name}`", scopes=_scopes(scopes - was)))
            if was - scopes:
                out.append(change("api-security-scope-removed", operation, scheme=f"`{name}`", scopes=_scopes(was - scopes)))


def _scopes(scopes: set) -> str:
    return ", ".join(f"`{scope}`" for scope in sorted(scopes))
