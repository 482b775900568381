"""Atomic writes: a failed write leaves the old file whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from chokepoints.files import write_atomic, write_text_atomic


def test_write_text_atomic_replaces_the_file(tmp_path: Path):
    target = tmp_path / "t.txt"
    target.write_text("old")
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    target = tmp_path / "t.txt"
    target.write_text("old")

    def broken(path: Path) -> None:
        path.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, broken)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_new_files_get_ordinary_permissions(tmp_path: Path):
    target = write_text_atomic(tmp_path / "new.txt", "x")
    assert target.stat().st_mode & 0o044 == 0o044  # readable by group and others


def test_read_yaml_parses_like_pyyaml_safe_load_and_refuses_python_objects(tmp_path):
    import yaml

    from chokepoints import config
    from chokepoints.files import read_yaml

    for path in [config.FRAMES_FILE, config.ACTORS_FILE, config.HEDGES_FILE, config.METRICS_FILE,
                 config.EVENT_TYPES_FILE, config.FURNITURE_RULES_FILE]:
        assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path
    unsafe = tmp_path / "unsafe.yml"
    unsafe.write_text("x: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        read_yaml(unsafe)


def test_cached_by_path_reads_a_file_once_however_its_path_is_spelled(tmp_path, monkeypatch):
    from chokepoints.files import cached_by_path

    default = tmp_path / "lexicon.yml"
    default.write_text("a: 1\n")
    reads: list[Path] = []

    @cached_by_path
    def load(path: Path = default) -> str:
        reads.append(path)
        return path.read_text()

    monkeypatch.chdir(tmp_path)
    assert load() == load(default) == load("lexicon.yml") == load(str(default)) == "a: 1\n"
    assert reads == [default.resolve()]
    other = tmp_path / "other.yml"
    other.write_text("b: 2\n")
    assert load(other) == "b: 2\n" and len(reads) == 2
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "lexicon.yml").write_text("c: 3\n")
    monkeypatch.chdir(tmp_path / "sub")  # a relative path is read from the current folder
    assert load("lexicon.yml") == "c: 3\n" and load() == "a: 1\n" and len(reads) == 3
    load.cache_clear()
    load()
    assert len(reads) == 4
