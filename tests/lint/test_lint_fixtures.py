"""fixture-valid: a broken fixture record is reported with its file, record and field; paths are classified."""

from __future__ import annotations

import shutil

import pytest
from lint_helpers import rewrite

from agent_tasks.apis import get_api
from agent_tasks.lint import UsageError, lint, targets


def copy_fixtures(tmp_path, api_id: str):
    target = tmp_path / "fixtures" / api_id
    shutil.copytree(get_api(api_id).fixtures_dir, target)
    return target


@pytest.fixture
def org_fixtures(tmp_path):
    return copy_fixtures(tmp_path, "org")


def test_broken_record_names_file_record_and_field(org_fixtures):
    tasks = org_fixtures / "tasks.yaml"
    rewrite(tasks, lambda data: data["tasks"][3]["task"].update(progress=2))
    [problem] = lint(org_fixtures)
    assert (problem.rule, problem.severity, problem.file) == ("fixture-valid", "error", str(tasks))
    assert problem.message.startswith("record 4 (")
    assert problem.message.endswith("field 'task.progress': 2 is greater than the maximum of 1")


@pytest.mark.parametrize("api_id", ["beeos", "orq"])
def test_a_record_whose_task_is_not_an_object(tmp_path, api_id):
    tasks = copy_fixtures(tmp_path, api_id) / "tasks.yaml"

    def change(data):
        records = data["tasks"] if isinstance(data, dict) else data
        records[3]["task"] = 5

    rewrite(tasks, change)
    [problem] = lint(tasks.parent)
    assert (problem.rule, problem.file) == ("fixture-valid", str(tasks))
    assert problem.message.startswith("record 4") and "field 'task'" in problem.message


def test_a_folder_of_fixture_folders_is_each_of_them(org_fixtures):
    assert targets([org_fixtures.parent]) == [("fixtures", org_fixtures, "org")]


def test_spec_folders_and_files_are_specs(org_spec):
    assert targets([org_spec.parent, org_spec]) == [("spec", org_spec, None), ("spec", org_spec, None)]


def test_no_paths_means_every_api_spec_and_fixtures():
    kinds = [(kind, api) for kind, _, api in targets([])]
    assert kinds.count(("spec", None)) == 3 and sorted(api for kind, api in kinds if kind == "fixtures") == [
        "beeos", "org", "orq",
    ]


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="nowhere: no such file or folder"):
        targets([tmp_path / "nowhere"])


def test_unrecognised_folder_is_a_usage_error(tmp_path):
    (tmp_path / "world").mkdir()
    with pytest.raises(UsageError, match="world: not a spec file, a spec/<api> folder or a fixtures/<api> folder"):
        targets([tmp_path / "world"])
