"""What a run found: one two-line entry per failed check, a summary table, and a JUnit XML report."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO


@dataclass(frozen=True)
class Failure:
    """One check that did not hold: which, where, what was expected, what came back, how to replay it."""

    api: str
    check: str
    """`<group>.<property>`, e.g. `pagination.page_size` or `schema.response_schema_conformance`."""
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
class GroupResult:
    """The outcome of one check group on one API."""

    api: str
    group: str
    examples: int = 0
    requests: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    skipped: str | None = None
    """Why the group did not run (e.g. no `--other-token` for isolation), or None."""

    @property
    def status(self) -> str:
        return "skipped" if self.skipped else ("FAILED" if self.failures else "passed")


@dataclass
class Report:
    """Every group's result of one run (of one or several APIs)."""

    results: list[GroupResult] = field(default_factory=list)

    @property
    def failures(self) -> list[Failure]:
        return [failure for result in self.results for failure in result.failures]

    @property
    def ok(self) -> bool:
        return not self.failures

    def failed_checks(self) -> set[str]:
        return {failure.check for failure in self.failures}

    def write_failures(self, out: TextIO = sys.stdout) -> None:
        for failure in self.failures:
            print("\n".join(failure.lines()), file=out)

    def summary_table(self) -> str:
        """A fixed-width table: one row per API and group, then the totals."""
        header = ("api", "group", "status", "examples", "requests", "failures", "seconds")
        rows = [
            (r.api, r.group, r.status, str(r.examples), str(r.requests), str(len(r.failures)), f"{r.seconds:.1f}")
            for r in self.results
        ]
        total = ("all", "", "FAILED" if self.failures else "passed", str(sum(r.examples for r in self.results)),
                 str(sum(r.requests for r in self.results)), str(len(self.failures)), f"{sum(r.seconds for r in self.results):.1f}")
        widths = [max(len(row[i]) for row in (header, *rows, total)) for i in range(len(header))]

        def line(row) -> str:
            return "  ".join(cell.ljust(width) if i < 3 else cell.rjust(width) for i, (cell, width) in enumerate(zip(row, widths)))

        rule = "  ".join("-" * width for width in widths)
        return "\n".join([line(header), rule, *map(line, rows), rule, line(total)])

    def write_junit(self, path: Path) -> None:
        """JUnit XML: one testsuite per API, one testcase per check group, one <failure> per failed check."""
        root = ET.Element("testsuites", name="agent-tasks contract", tests=str(len(self.results)), failures=str(sum(1 for r in self.results if r.failures)))
        for api in dict.fromkeys(r.api for r in self.results):
            results = [r for r in self.results if r.api == api]
            suite = ET.SubElement(
                root, "testsuite", name=api, tests=str(len(results)),
                failures=str(sum(1 for r in results if r.failures)),
                skipped=str(sum(1 for r in results if r.skipped)),
                time=f"{sum(r.seconds for r in results):.3f}",
            )
            for result in results:
                case = ET.SubElement(suite, "testcase", classname=f"contract.{api}", name=result.group, time=f"{result.seconds:.3f}")
                if result.skipped:
                    ET.SubElement(case, "skipped", message=result.skipped)
                for failure in result.failures:
                    element = ET.SubElement(case, "failure", type=failure.check, message=f"{failure.check}: expected {failure.expected}; got {failure.got}")
                    element.text = "\n".join(failure.lines())
        path.parent.mkdir(parents=True, exist_ok=True)
        ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
