"""`agent-tasks diff`: output formats, exit codes, and specs read from git revisions."""

import argparse
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from agent_tasks.diff.cli import add_parser

CORPUS = Path(__file__).parent / "corpus"
BREAKING = CORPUS / "param-max-decreased"  # one breaking change
WARNING = CORPUS / "response-enum-value-added"  # three warnings, nothing breaking
SILENT = CORPUS / "nothing-reordered"
SPLIT = CORPUS / "multifile-change-in-referenced-file"  # split spec; head adds an enum value


def _run(capsys, *args: str) -> tuple[int, str, str]:
    # The subcommand alone, as agent_tasks.cli mounts it, without importing the other tools.
    parser = argparse.ArgumentParser(prog="agent-tasks")
    add_parser(parser.add_subparsers(required=True))
    parsed = parser.parse_args(["diff", *map(str, args)])
    code = parsed.func(parsed)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_lists_each_change_and_a_summary(capsys):
    code, out, _ = _run(capsys, BREAKING / "base.yaml", BREAKING / "head.yaml")
    assert code == 1
    lines = out.splitlines()
    assert lines[1] == ("breaking  GET /v2/agents/{agent_key}/tasks query.limit: maximum lowered from 200 to 50; "
                        "requests that were valid may now be rejected [request-parameter-max-decreased]")
    assert lines[-1] == "1 change: 1 breaking, 0 warning, 0 info"


def test_markdown_is_a_table_for_a_pull_request(capsys):
    _, out, _ = _run(capsys, WARNING / "base.yaml", WARNING / "head.yaml", "--format", "markdown")
    assert out.startswith("### API changes: `")
    assert "| Level | Location | Change | Rule |" in out
    rows = [line for line in out.splitlines() if line.startswith("| warning |")]
    assert len(rows) == 3 and all(row.endswith("| `response-property-enum-value-added` |") for row in rows)


def test_json_carries_the_summary_and_every_change(capsys):
    _, out, _ = _run(capsys, WARNING / "base.yaml", WARNING / "head.yaml", "--format", "json")
    report = json.loads(out)
    assert report["summary"] == {"breaking": 0, "warning": 3, "info": 0}
    expected = json.loads((WARNING / "expected.json").read_text(encoding="utf-8"))["changes"]
    assert report["changes"] == expected


@pytest.mark.parametrize(("case", "fail_on", "code"), [
    (BREAKING, "breaking", 1), (BREAKING, "never", 0),
    (WARNING, "breaking", 0), (WARNING, "warning", 1), (WARNING, "never", 0),
    (SILENT, "warning", 0),
])
def test_fail_on_sets_the_exit_code(capsys, case, fail_on, code):
    assert _run(capsys, case / "base.yaml", case / "head.yaml", "--fail-on", fail_on)[0] == code


def test_no_changes_says_so(capsys):
    code, out, _ = _run(capsys, SILENT / "base.yaml", SILENT / "head.yaml", "--format", "markdown")
    assert code == 0 and out.rstrip().endswith("No changes.")


@pytest.mark.parametrize(("args", "message"), [
    (["missing.yaml", "also-missing.yaml"], "'missing.yaml' is not a file"),
    ([SILENT / "base.yaml", "HEAD"], "'HEAD' is not a file"),
])
def test_unreadable_input_is_exit_2_with_one_line(capsys, args, message):
    code, out, err = _run(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_broken_ref_is_exit_2(capsys, tmp_path):
    (tmp_path / "bad.yaml").write_text("openapi: 3.0.3\npaths:\n  /x:\n    $ref: paths/nowhere.yaml\n")
    code, _, err = _run(capsys, tmp_path / "bad.yaml", tmp_path / "bad.yaml")
    assert code == 2 and "nowhere.yaml" in err and err.count("\n") == 1


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=diff@example.com", "-c", "user.name=diff", "-c", "commit.gpgsign=false",
                    *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A git repository whose spec/orq/ holds SPLIT's base at HEAD~1 and its head at HEAD."""
    root = tmp_path_factory.mktemp("git") / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    for side in ("base", "head"):
        shutil.rmtree(root / "spec", ignore_errors=True)
        shutil.copytree(SPLIT / side, root / "spec" / "orq")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", side)
    return root


def test_git_revisions_of_a_split_spec(capsys, repo, monkeypatch):
    monkeypatch.chdir(repo)
    code, out, _ = _run(capsys, "HEAD~1", "HEAD", "--spec", "spec/orq/openapi.yaml", "--format", "json")
    assert code == 0  # warnings only
    report = json.loads(out)
    assert (report["base"], report["head"]) == ("HEAD~1:spec/orq/openapi.yaml", "HEAD:spec/orq/openapi.yaml")
    assert report["changes"] == json.loads((SPLIT / "expected.json").read_text(encoding="utf-8"))["changes"]


def test_rev_colon_path_against_the_work_tree(capsys, repo, monkeypatch):
    monkeypatch.chdir(repo / "spec")  # REV:PATH is relative to the current directory
    code, out, _ = _run(capsys, "HEAD~1:orq/openapi.yaml", "orq/openapi.yaml", "--fail-on", "warning")
    assert code == 1 and out.splitlines()[-1] == "3 changes: 0 breaking, 3 warning, 0 info"


def test_api_shorthand_names_the_spec_of_the_repository_it_runs_in(capsys, repo, monkeypatch):
    monkeypatch.chdir(repo / "spec")  # anywhere inside it; the installed package's spec is not read
    code, out, _ = _run(capsys, "HEAD~1", "HEAD", "--api", "orq", "--fail-on", "warning")
    assert code == 1 and "response-property-enum-value-added" in out


@pytest.mark.parametrize(("base", "message"), [
    ("no-such-rev", "revision 'no-such-rev'"),
    ("HEAD~1:spec/org/openapi.yaml", "spec/org/openapi.yaml at HEAD~1"),
])
def test_bad_revision_or_path_is_exit_2(capsys, repo, monkeypatch, base, message):
    monkeypatch.chdir(repo)
    code, _, err = _run(capsys, base, "HEAD", "--spec", "spec/orq/openapi.yaml")
    assert code == 2 and message in err and err.count("\n") == 1
