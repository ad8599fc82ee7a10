"""Schemathesis hooks for plain `schemathesis run` against the mock (SCHEMATHESIS_HOOKS=tests.mock.st_hooks).

Two rules live in the specs' prose because OpenAPI 3.0 cannot state them: a BeeOS `since` must be a
cursor the server issued, and orq's `starting_after` / `ending_before` are mutually exclusive.
Schemathesis' *positive* cases would break them and count the documented 400 as a failure, so
those cases drop the offending parameter; negative cases are left alone.
"""

import schemathesis


def _fix(case):
    if case.query and not (case.meta is not None and case.meta.generation.mode.is_negative):
        query = dict(case.query)
        query.pop("since", None)
        if "starting_after" in query:
            query.pop("ending_before", None)
        case.query = query
    return case


@schemathesis.hook
def map_case(context, case):
    return _fix(case)


@schemathesis.hook
def before_add_examples(context, examples):
    # The examples phase builds cases from the spec's examples without passing through map_case.
    examples[:] = [_fix(case) for case in examples]
