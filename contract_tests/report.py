"""What a run found: one entry per distinct violation, a row per check, and a JUnit XML report.

A *check* is one unit the suite runs (`preflight`, `discovery`, `schema`, or a property such as
`pagination`); a *violation* names the rule it broke (`pagination.no_gap`). The JUnit report has
one test case per check, and each failure's type is a rule of that check.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO


@dataclass(frozen=True)
class Failure:
    """One distinct violation: which rule, where, what was expected, what came back, how to replay it."""

    api: str
    check: str
    """`<group>.<rule>`, e.g. `pagination.page_size` or `schema.response_schema_conformance`."""
    operation: str
    expected: str
    got: str
    curl: str

    @property
    def group(self) -> str:
        return self.check.partition(".")[0]

    def lines(self) -> list[str]:
        """Two lines: the verdict, then the command that reproduces it."""
        return [f"FAIL [{self.api}] {self.check} ({self.operation}): expected {self.expected}; got {self.got}", f"     {self.curl}"]


@dataclass
class CheckResult:
    """The outcome of one check on one API."""

    api: str
    check: str
    """The check's id: its group (`pagination`), or `group.name` where a group has several checks."""
    examples: int = 0
    requests: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    more: int = 0
    """Distinct violations beyond the per-check cap, counted but not listed."""
    skipped: str | None = None
    """Why the check did not run: the flag that enables it (e.g. no `--other-token`), or None."""
    not_exercised: str | None = None
    """Why the check ran but had nothing to test (no tasks, no second agent), or None."""
    error: str | None = None
    """Why the check could not run at all (unreachable server, failed discovery), or None."""

    @property
    def group(self) -> str:
        return self.check.partition(".")[0]

    @property
    def status(self) -> str:
        if self.error:
            return "ERROR"
        if self.failures:
            return "FAILED"
        if self.skipped:
            return "skipped"
        return "not exercised" if self.not_exercised else "passed"


GroupResult = CheckResult
"""The name this class had when there was one row per group."""


@dataclass
class Report:
    """Every check's result of one run (of one or several APIs)."""

    results: list[CheckResult] = field(default_factory=list)
    stop: Any = None
    """The preflight problem (`contract_tests.preflight.Problem`) that ended the run early, or None."""

    @property
    def failures(self) -> list[Failure]:
        return [failure for result in self.results for failure in result.failures]

    @property
    def errors(self) -> list[CheckResult]:
        return [result for result in self.results if result.error]

    @property
    def ok(self) -> bool:
        return not self.failures and not self.errors

    @property
    def unexercised(self) -> list[CheckResult]:
        return [r for r in self.results if r.not_exercised and not r.failures and not r.error]

    def failed_checks(self) -> set[str]:
        """The rules that were violated (`pagination.no_gap`), plus the id of every check in error."""
        return {failure.check for failure in self.failures} | {r.check for r in self.errors}

    def write_failures(self, out: TextIO | None = None) -> None:
        out = out or sys.stdout
        for result in self.results:
            for failure in result.failures:
                print("\n".join(failure.lines()), file=out)
            if result.more:
                print(f"     … and {result.more} more distinct violation(s) of [{result.api}] {result.check} not listed", file=out)
            if result.error:
                print(f"ERROR [{result.api}] {result.check}: {result.error}", file=out)

    def summary_table(self) -> str:
        """A fixed-width table: one row per API and check, the totals, then what was not tested and why."""
        header = ("api", "check", "status", "examples", "requests", "failures", "seconds")
        rows = [
            (r.api, r.check, r.status, str(r.examples), str(r.requests), str(len(r.failures) + r.more), f"{r.seconds:.1f}")
            for r in self.results
        ]
        total = ("all", "", "passed" if self.ok else "FAILED", str(sum(r.examples for r in self.results)),
                 str(sum(r.requests for r in self.results)), str(sum(len(r.failures) + r.more for r in self.results)), f"{sum(r.seconds for r in self.results):.1f}")
        widths = [max(len(row[i]) for row in (header, *rows, total)) for i in range(len(header))]

        def line(row) -> str:
            return "  ".join(cell.ljust(width) if i < 3 else cell.rjust(width) for i, (cell, width) in enumerate(zip(row, widths))).rstrip()

        rule = "  ".join("-" * width for width in widths)
        notes = [f"not exercised: [{r.api}] {r.check}: {r.not_exercised}" for r in self.unexercised]
        notes += [f"skipped: [{r.api}] {r.check}: {r.skipped}" for r in self.results if r.skipped]
        return "\n".join([line(header), rule, *map(line, rows), rule, line(total), *notes])

    def write_junit(self, path: Path) -> None:
        """JUnit XML: one testsuite per API, one testcase per check; a failure per violation, typed by its rule."""
        root = ET.Element("testsuites", name="agent-tasks contract", tests=str(len(self.results)),
                          failures=str(sum(1 for r in self.results if r.failures)), errors=str(len(self.errors)))
        for api in dict.fromkeys(r.api for r in self.results):
            results = [r for r in self.results if r.api == api]
            suite = ET.SubElement(
                root, "testsuite", name=api, tests=str(len(results)),
                failures=str(sum(1 for r in results if r.failures)),
                errors=str(sum(1 for r in results if r.error)),
                skipped=str(sum(1 for r in results if (r.skipped or r.not_exercised) and not r.failures and not r.error)),
                time=f"{sum(r.seconds for r in results):.3f}",
            )
            for result in results:
                case = ET.SubElement(suite, "testcase", classname=f"contract.{api}", name=result.check, time=f"{result.seconds:.3f}")
                props = ET.SubElement(case, "properties")
                for name in ("examples", "requests"):
                    ET.SubElement(props, "property", name=name, value=str(getattr(result, name)))
                if result.error:
                    ET.SubElement(case, "error", type=result.check, message=result.error)
                for failure in result.failures:
                    element = ET.SubElement(case, "failure", type=failure.check, message=f"{failure.check}: expected {failure.expected}; got {failure.got}")
                    element.text = "\n".join(failure.lines())
                if result.more:
                    ET.SubElement(case, "system-out").text = f"{result.more} more distinct violation(s) not listed"
                if not result.failures and not result.error and (result.skipped or result.not_exercised):
                    ET.SubElement(case, "skipped", message=result.skipped or f"not exercised: {result.not_exercised}")
        path.parent.mkdir(parents=True, exist_ok=True)
        ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
