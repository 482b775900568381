"""Errors the package raises; each names the file and the problem."""

from __future__ import annotations

from pathlib import Path


class ChokepointsError(Exception):
    """Base class: a problem a user can act on (the CLI prints it without a traceback)."""


class CorpusError(ChokepointsError):
    """A corpus folder, its manifest or one of its raw files is unusable."""

    def __init__(self, path: Path | str, problem: str, hint: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.hint = hint
        message = f"{path}: {problem}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class CleaningRuleError(ChokepointsError):
    """A cleaning rule or override is malformed or matches nothing."""


class ParameterError(ChokepointsError):
    """A notebook parameter is unknown or malformed."""


class BuildError(ChokepointsError):
    """A notebook failed while building the briefings."""


class ReferenceDataError(ChokepointsError):
    """A reference dataset (data/reference/*.csv) is missing, mistyped or fails its checks."""
