"""pyproject.toml is the one source of versions; environment.yml cannot drift from it."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
ENVIRONMENT = yaml.safe_load((ROOT / "environment.yml").read_text())
REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>[\w.]+)$")


def _requirements() -> list[str]:
    project = PYPROJECT["project"]
    return project["dependencies"] + [r for extra in project["optional-dependencies"].values()
                                      for r in extra]


def test_every_dependency_is_pinned_exactly():
    for requirement in _requirements():
        assert REQUIREMENT.match(requirement), f"{requirement} is not pinned with =="


def test_the_named_stack_is_pinned():
    names = {REQUIREMENT.match(r)["name"].lower() for r in _requirements()}
    assert {"jupyterlab", "pandas", "plotly", "nbval", "papermill", "textblob"} <= names


def test_installed_versions_match_the_pins():
    for requirement in _requirements():
        match = REQUIREMENT.match(requirement)
        assert version(match["name"]) == match["version"], requirement


def test_environment_yml_uses_the_same_python():
    python = [d for d in ENVIRONMENT["dependencies"] if isinstance(d, str)
              and d.startswith("python")]
    assert python == ["python=3.11"]
    assert PYPROJECT["project"]["requires-python"] == ">=3.11,<3.12"
    assert sys.version_info[:2] == (3, 11)


def test_environment_yml_installs_this_package_and_pins_nothing_itself():
    pip = next(d["pip"] for d in ENVIRONMENT["dependencies"] if isinstance(d, dict))
    assert pip == ["-e .[test]"]
    conda_packages = [d for d in ENVIRONMENT["dependencies"] if isinstance(d, str)]
    assert sorted(conda_packages) == ["pip", "python=3.11"]


def test_the_scheduled_workflow_builds_daily_and_keeps_the_archive_between_runs():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "briefings.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
    steps = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    build = next(i for i, step in enumerate(steps) if "make report" in step.get("run", ""))
    restore, save = uses.index("actions/cache/restore"), uses.index("actions/cache/save")
    assert restore < build < save < uses.index("actions/upload-artifact")
    assert steps[restore]["with"]["path"] == steps[save]["with"]["path"] == "reports/"
    assert steps[save]["with"]["key"].startswith(steps[restore]["with"]["restore-keys"])
    assert "if" not in steps[save]  # a failed build saves nothing: the last good one stays
