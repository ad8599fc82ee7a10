"""Parameter validation for Connexion: compiled once per parameter, formats checked, one-line errors.

Connexion's stock ParameterValidator deep-copies the parameter and builds a new Draft4Validator
on every request (the largest per-request cost we measured), skips `format: uuid` (Draft 4 has no
such format), and answers with a multi-line schema dump. This one keeps Connexion's rules
(nullable, required, strict extra-parameter check) and fixes those three.

It also reads the raw query first, where Connexion is lenient: Python's int() and float() take
" 7", "+7", "7_0" and other scripts' digits, and a single-valued parameter given twice silently
took its last value. Integers must be ASCII digits (`-?[0-9]+`), numbers ASCII decimals
(`-?[0-9]+(.[0-9]+)?`, so the orq SDK's `limit=10.0` passes), and a repeated single-valued
parameter is a 400, all in the API's envelope (via BadRequestProblem).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from connexion.exceptions import BadRequestProblem
from connexion.utils import is_null, is_nullable
from connexion.validators import VALIDATOR_MAP, ParameterValidator
from jsonschema import Draft4Validator, FormatChecker

# Draft 4 semantics (OpenAPI 3.0's), with every format jsonschema knows, uuid and date-time included.
_FORMATS = FormatChecker()


_compiled: dict[int, tuple[dict, Draft4Validator]] = {}


def _validator(schema: dict) -> Draft4Validator:
    # Keyed by identity: the spec's parameter dicts live as long as the app. The dict is kept in
    # the entry so its id cannot be reused by another object.
    entry = _compiled.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = _compiled[id(schema)] = (schema, Draft4Validator(schema, format_checker=_FORMATS))
    return entry[1]


_TEXT = {"integer": re.compile(r"-?[0-9]+"), "number": re.compile(r"-?[0-9]+(?:\.[0-9]+)?")}


def raw_query_problem(query_string: bytes, parameters: list[dict]) -> str | None:
    """Why the raw query breaks the strict rules above for these query parameters, or None."""
    seen: dict[str, int] = {}
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="replace")
    for name, _ in pairs:
        seen[name] = seen.get(name, 0) + 1
    by_name = {p["name"]: p for p in parameters}
    for name, value in pairs:
        param = by_name.get(name)
        if param is None:
            continue  # an unknown parameter: Connexion's strict validation names it
        schema = param.get("schema", param)
        kind = schema.get("type")
        if seen[name] > 1 and kind != "array":
            return f"query parameter '{name}' is given {seen[name]} times; it takes one value"
        if kind in _TEXT and value and not _TEXT[kind].fullmatch(value):
            digits = "ASCII digits" if kind == "integer" else "ASCII digits with an optional '.' and decimals"
            article = "an" if kind == "integer" else "a"
            return f"query parameter '{name}': {value!r} is not {article} {kind} written in {digits}"
    return None


class CompiledParameterValidator(ParameterValidator):
    def validate(self, scope):
        problem = raw_query_problem(scope.get("query_string", b""), self.parameters.get("query", []))
        if problem is not None:
            raise BadRequestProblem(detail=problem)
        return super().validate(scope)

    @staticmethod
    def validate_parameter(parameter_type, value, param, param_name=None):
        if is_nullable(param) and is_null(value):
            return None
        if value is None:
            if param.get("required"):
                return f"missing {parameter_type} parameter '{param['name']}'"
            return None
        schema = param.get("schema", param)
        error = next(_validator(schema).iter_errors(value), None)
        if error is None:
            return None
        return f"{parameter_type} parameter '{param['name']}': {_message(error)}"


def _message(error) -> str:
    """jsonschema's message, except for `anyOf` / `oneOf`, whose stock text names no alternative."""
    if error.validator not in ("anyOf", "oneOf"):
        return error.message
    # "'x' is not one of a, b, nor a comma-separated list of them": each branch by its enum or title.
    wanted = [
        f"one of {', '.join(map(str, branch['enum']))}" if "enum" in branch else branch.get("title", "another valid value")
        for branch in error.validator_value
    ]
    return f"{error.instance!r} is not {', nor '.join(wanted)}"


VALIDATORS = {**VALIDATOR_MAP, "parameter": CompiledParameterValidator}
