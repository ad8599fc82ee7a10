"""The rule table of `agent-tasks diff`: every rule id, its level and its one-line message.

Ids and levels follow oasdiff's checker (ERR → breaking, WARN → warning, INFO → info) where oasdiff
has the rule; ids it lacks are named in the same style. Where a level deliberately differs from
oasdiff's, a comment says why.
"""

from __future__ import annotations

from dataclasses import dataclass

BREAKING, WARNING, INFO = "breaking", "warning", "info"
LEVELS = (BREAKING, WARNING, INFO)  # most severe first

REQUEST, RESPONSE = "request", "response"


@dataclass(frozen=True)
class Change:
    """One difference between two specs that a client can observe."""

    rule_id: str
    level: str
    location: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"rule_id": self.rule_id, "level": self.level, "location": self.location, "message": self.message}


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    template: str


_FIXED = (
    # Paths and operations.
    ("api-path-removed-without-deprecation", BREAKING, "path removed without being deprecated first; every call to it now fails"),
    ("api-path-removed-with-deprecation", INFO, "deprecated path removed"),
    ("api-removed-without-deprecation", BREAKING, "operation removed without being deprecated first; every call to it now fails"),
    ("api-removed-with-deprecation", INFO, "deprecated operation removed"),
    ("endpoint-added", INFO, "operation added"),
    ("endpoint-deprecated", INFO, "operation deprecated"),
    ("endpoint-reactivated", INFO, "operation no longer deprecated"),
    ("api-operation-id-removed", INFO, "operationId `{old}` replaced by `{new}` (generated client method names change)"),
    ("api-operation-id-added", INFO, "operationId `{new}` added"),
    ("api-tag-removed", INFO, "tag `{name}` removed"),
    ("api-tag-added", INFO, "tag `{name}` added"),
    # Parameters. oasdiff warns on a removed parameter; here it is breaking, because a server that
    # rejects unknown parameters (as these APIs do) answers 400 to clients still sending it, and
    # one that ignores them silently drops the client's filter.
    ("request-parameter-removed", BREAKING, "parameter removed; clients still sending it are rejected or silently lose its effect"),
    ("request-parameter-removed-with-deprecation", INFO, "deprecated parameter removed"),
    ("new-required-request-parameter", BREAKING, "required parameter added; requests without it are now rejected"),
    ("new-optional-request-parameter", INFO, "optional parameter added"),
    ("request-parameter-renamed", BREAKING, "parameter renamed from `{old}` to `{new}`; clients sending the old name break"),
    ("request-parameter-moved", BREAKING, "parameter moved from {old} to {new}; clients sending it in the old place break"),
    ("request-parameter-became-required", BREAKING, "parameter became required; requests without it are now rejected"),
    ("request-parameter-became-optional", INFO, "parameter became optional"),
    ("request-parameter-deprecated", INFO, "parameter deprecated"),
    ("request-parameter-reactivated", INFO, "parameter no longer deprecated"),
    # Request bodies.
    ("request-body-added-required", BREAKING, "required request body added; requests without one are now rejected"),
    ("request-body-added-optional", INFO, "optional request body added"),
    ("request-body-removed", WARNING, "request body removed; clients still sending one may be rejected"),
    ("request-body-became-required", BREAKING, "request body became required; requests without one are now rejected"),
    ("request-body-became-optional", INFO, "request body became optional"),
    ("request-body-media-type-removed", BREAKING, "request media type `{media}` removed; clients sending it are rejected"),
    ("request-body-media-type-added", INFO, "request media type `{media}` added"),
    # Request body properties.
    ("request-property-removed", WARNING, "request property removed; clients still sending it may be rejected"),
    ("new-required-request-property", BREAKING, "required request property added; requests without it are now rejected"),
    ("new-optional-request-property", INFO, "optional request property added"),
    ("request-property-became-required", BREAKING, "request property became required; requests without it are now rejected"),
    ("request-property-became-optional", INFO, "request property became optional"),
    # Responses. oasdiff reports a removed non-success status at info only; a client that handles
    # that status specifically (e.g. 404 → "not found" UI) loses the contract for it: warning.
    ("response-success-status-removed", BREAKING, "success status {status} removed; clients expecting it break"),
    ("response-non-success-status-removed", WARNING, "status {status} no longer documented; clients handling it specifically lose that contract"),
    ("response-success-status-added", INFO, "success status {status} added"),
    ("response-non-success-status-added", INFO, "status {status} added"),
    ("response-media-type-removed", BREAKING, "response media type `{media}` removed; clients asking for it break"),
    ("response-media-type-added", INFO, "response media type `{media}` added"),
    ("response-required-property-removed", BREAKING, "required response property removed; clients reading it break"),
    ("response-optional-property-removed", WARNING, "optional response property removed; clients reading it lose the value"),
    ("response-required-property-added", INFO, "required response property added"),
    ("response-optional-property-added", INFO, "optional response property added"),
    ("response-property-became-optional", BREAKING, "response property became optional; clients relying on it being present break"),
    ("response-property-became-required", INFO, "response property became required"),
    ("required-response-header-removed", BREAKING, "required response header removed; clients reading it break"),
    ("optional-response-header-removed", WARNING, "optional response header removed; clients reading it lose the value"),
    ("response-header-added", INFO, "response header added"),
    ("response-header-became-optional", BREAKING, "response header became optional; clients relying on it break"),
    ("response-header-became-required", INFO, "response header became required"),
    # Security: requirements are alternatives, so removing one locks its users out.
    ("api-security-removed", BREAKING, "security alternative {scheme} removed; clients using it are now refused"),
    ("api-security-added", INFO, "security alternative {scheme} added"),
    ("api-security-scope-added", BREAKING, "scope(s) {scopes} now required by {scheme}; tokens without them are refused"),
    ("api-security-scope-removed", INFO, "scope(s) {scopes} no longer required by {scheme}"),
)

# Schema rules exist per subject; the subject decides the direction of the data.
SUBJECTS = {
    "request-parameter": REQUEST,
    "request-parameter-property": REQUEST,
    "request-body": REQUEST,
    "request-property": REQUEST,
    "response-body": RESPONSE,
    "response-property": RESPONSE,
    "response-header": RESPONSE,
}
NESTED_SUBJECT = {
    "request-parameter": "request-parameter-property",
    "request-parameter-property": "request-parameter-property",
    "request-body": "request-property",
    "request-property": "request-property",
    "response-body": "response-property",
    "response-property": "response-property",
    "response-header": "response-header",
}

NARROWS, WIDENS, UNKNOWN, DEFAULT = "narrows", "widens", "unknown", "default"

_BOUNDS = (("max", "maximum", "decreased", "increased"), ("min", "minimum", "increased", "decreased"),
           ("max-length", "maxLength", "decreased", "increased"), ("min-length", "minLength", "increased", "decreased"),
           ("max-items", "maxItems", "decreased", "increased"), ("min-items", "minItems", "increased", "decreased"))

_SCHEMA_KINDS: list[tuple[str, str, str]] = [
    kind
    for stem, word, tighter, looser in _BOUNDS
    for kind in (
        (f"{stem}-{tighter}", NARROWS, f"{word} {'lowered' if tighter == 'decreased' else 'raised'} from {{old}} to {{new}}"),
        (f"{stem}-set", NARROWS, f"{word} {{new}} added"),
        (f"{stem}-{looser}", WIDENS, f"{word} {'raised' if looser == 'increased' else 'lowered'} from {{old}} to {{new}}"),
        (f"{stem}-unset", WIDENS, f"{word} {{old}} removed"),
    )
] + [
    ("enum-value-removed", NARROWS, "enum value(s) {values} removed"),
    ("became-enum", NARROWS, "restricted to the values {values}"),
    ("enum-value-added", WIDENS, "enum value(s) {values} added"),
    ("became-not-enum", WIDENS, "no longer restricted to a list of values"),
    ("pattern-added", NARROWS, "pattern `{new}` added"),
    ("pattern-removed", WIDENS, "pattern `{old}` removed"),
    ("pattern-changed", UNKNOWN, "pattern changed from `{old}` to `{new}`"),
    ("became-not-nullable", NARROWS, "no longer nullable"),
    ("became-nullable", WIDENS, "became nullable"),
    ("type-changed", UNKNOWN, "type changed from {old} to {new}"),
    ("type-specialized", NARROWS, "type narrowed from {old} to {new}"),
    ("type-generalized", WIDENS, "type widened from {old} to {new}"),
    ("one-of-removed", NARROWS, "oneOf alternative {branch} removed"),
    ("one-of-added", WIDENS, "oneOf alternative {branch} added"),
    ("any-of-removed", NARROWS, "anyOf alternative {branch} removed"),
    ("any-of-added", WIDENS, "anyOf alternative {branch} added"),
    ("additional-properties-disallowed", NARROWS, "additional properties no longer allowed"),
    ("additional-properties-allowed", WIDENS, "additional properties now allowed"),
    ("default-value-added", DEFAULT, "default {new} added"),
    ("default-value-changed", DEFAULT, "default changed from {old} to {new}"),
    ("default-value-removed", DEFAULT, "default {old} removed"),
]

# A response that may now carry something a strict client rejects, but that a lenient one reads
# fine: oasdiff's response-property-enum-value-added is a warning, and these are its kin.
_STRICT_CLIENT_KINDS = {"enum-value-added", "became-not-enum", "additional-properties-allowed", "pattern-removed", "pattern-changed"}

_CONSEQUENCE = {
    (REQUEST, BREAKING): "requests that were valid may now be rejected",
    (REQUEST, WARNING): "requests that were valid may now be rejected",
    (RESPONSE, BREAKING): "clients may now receive values they were not written for",
    (RESPONSE, WARNING): "strict clients may reject responses they accepted before",
}


def _schema_level(direction: str, kind: str, effect: str) -> str:
    if effect == DEFAULT:  # the same request now means something else; a response default is documentation
        return BREAKING if direction == REQUEST else INFO
    if kind == "pattern-changed":  # whether a new pattern accepts more or less is undecidable here
        return WARNING
    if effect == UNKNOWN:
        return BREAKING
    if direction == RESPONSE and kind in _STRICT_CLIENT_KINDS:
        return WARNING
    breaks = NARROWS if direction == REQUEST else WIDENS
    return BREAKING if effect == breaks else INFO


def _build() -> dict[str, Rule]:
    table = {rule_id: Rule(rule_id, level, template) for rule_id, level, template in _FIXED}
    for subject, direction in SUBJECTS.items():
        for kind, effect, template in _SCHEMA_KINDS:
            level = _schema_level(direction, kind, effect)
            if effect == DEFAULT and direction == REQUEST:
                template += "; requests that omit it now behave differently"
            elif (direction, level) in _CONSEQUENCE:
                template += "; " + _CONSEQUENCE[direction, level]
            table[f"{subject}-{kind}"] = Rule(f"{subject}-{kind}", level, template)
    return table


RULES: dict[str, Rule] = _build()


def change(rule_id: str, location: str, **values: object) -> Change:
    """A `Change` of rule `rule_id` at `location`, its message filled from `values`."""
    rule = RULES[rule_id]
    return Change(rule_id, rule.level, location, rule.template.format(**values))
