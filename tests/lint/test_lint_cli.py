"""`agent-tasks lint`: passes on the repo; lines, summary and exit codes; pyproject severities honoured."""

from __future__ import annotations

import argparse
import json

import pytest
from lint_helpers import rewrite

from agent_tasks.lint import cli
from agent_tasks.lint.config import DEFAULT_RULES, ConfigError, load_rules
from agent_tasks.paths import ROOT

NO_4XX = "mini/paths/thing.yaml:1:1: {} operation-4xx-response: GET /things/{{thingId}} documents no 4xx response"


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="agent-tasks")
    cli.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["lint", *argv])
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_4xx(mini_spec, monkeypatch):
    """The minimal spec without its 404, linted from its parent folder (which has no pyproject yet)."""
    rewrite(mini_spec.parent / "paths/thing.yaml", lambda data: data["get"]["responses"].pop("404"))
    monkeypatch.chdir(mini_spec.parent.parent)
    return mini_spec


def configure(folder, table: str) -> None:
    (folder / "pyproject.toml").write_text(f"[tool.agent-tasks.lint.rules]\n{table}\n", encoding="utf-8")


def test_the_repo_passes(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = run(["--format", "json"], capsys)
    report = json.loads(out)
    assert [p for p in report["problems"] if p["severity"] == "error"] == []
    assert (code, report["errors"]) == (0, 0)


def test_error_line_summary_and_exit_1(no_4xx, capsys):
    assert run(["mini"], capsys) == (1, f"{NO_4XX.format('error')}\n1 problem (1 error, 0 warnings)\n", "")


def test_warn_in_pyproject_prints_but_passes(no_4xx, capsys):
    configure(no_4xx.parent.parent, 'operation-4xx-response = "warn"')
    assert run(["mini"], capsys) == (0, f"{NO_4XX.format('warn')}\n1 problem (0 errors, 1 warning)\n", "")


def test_off_in_pyproject_found_from_a_subfolder(no_4xx, capsys, monkeypatch):
    configure(no_4xx.parent.parent, 'operation-4xx-response = "off"')
    monkeypatch.chdir(no_4xx.parent / "paths")
    assert run([str(no_4xx)], capsys) == (0, "no problems\n", "")


def test_explicit_config_wins(no_4xx, capsys, tmp_path):
    configure(no_4xx.parent.parent, 'operation-4xx-response = "off"')
    other = tmp_path / "other"
    other.mkdir()
    configure(other, 'operation-4xx-response = "warn"')
    code, out, _ = run(["mini", "--config", str(other / "pyproject.toml")], capsys)
    assert (code, out.splitlines()[0]) == (0, NO_4XX.format("warn"))


def test_json_format(no_4xx, capsys):
    code, out, _ = run(["mini", "--format", "json"], capsys)
    [problem] = json.loads(out)["problems"]
    assert code == 1
    assert problem == {
        "file": str(no_4xx.parent / "paths/thing.yaml"), "line": 1, "column": 1, "pointer": "/get",
        "rule": "operation-4xx-response", "severity": "error",
        "message": "GET /things/{thingId} documents no 4xx response",
    }


@pytest.mark.parametrize(
    ("table", "complaint"),
    [
        ('operation-4xx-responses = "warn"', "names unknown rule 'operation-4xx-responses'"),
        ('operation-4xx-response = "warning"', "operation-4xx-response = 'warning'; use one of off, warn, error"),
        ("operation-4xx-response = ", "Invalid value"),
    ],
)
def test_bad_configuration_is_exit_2(no_4xx, capsys, table, complaint):
    configure(no_4xx.parent.parent, table)
    code, out, err = run(["mini"], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("agent-tasks lint: ") and complaint in err


def test_bad_path_is_exit_2(capsys, tmp_path):
    code, _, err = run([str(tmp_path / "nowhere")], capsys)
    assert code == 2 and "nowhere: no such file or folder" in err


def test_defaults_without_a_pyproject(tmp_path):
    assert load_rules(start=tmp_path / "deep" / "down") == DEFAULT_RULES
    configure(tmp_path, 'info-contact = "error"')
    assert load_rules(start=tmp_path / "deep" / "down") == {**DEFAULT_RULES, "info-contact": "error"}


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="No such file"):
        load_rules(tmp_path / "pyproject.toml")
