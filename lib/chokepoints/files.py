"""File input and output: YAML read with libyaml when present; atomic writes (beside the
target, then replacing it in one step)."""

from __future__ import annotations

import inspect
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, wraps
from pathlib import Path
from typing import TypeVar

import yaml

#: libyaml's safe loader when PyYAML was built with it (its wheels are): 5-10x faster to
#: parse the lexicons than the pure-Python one, same results.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path | str) -> object:
    """Parse a UTF-8 YAML file safely (no Python objects). Raises `yaml.YAMLError` on bad
    YAML, ``OSError`` when unreadable."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_SAFE_LOADER)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in ``target``'s folder; on success it replaces ``target``.

    On an exception the temporary file is removed and ``target`` is left as it was. The new
    file gets ``target``'s permissions, or the usual ones for a new file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
    try:
        yield temporary
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(target: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(path)`` on a temporary path, then move the result onto ``target``."""
    with atomic_path(target) as temporary:
        write(temporary)
    return target


def write_text_atomic(target: Path, text: str) -> Path:
    """Write UTF-8 text to ``target`` atomically."""
    return write_atomic(target, lambda p: p.write_text(text, encoding="utf-8"))


T = TypeVar("T")


@lru_cache(maxsize=64)
def _resolved(path: str, cwd: str) -> Path:
    """``path`` (relative to ``cwd`` unless absolute) resolved: loaders are called per article,
    and resolving walks every folder of the path."""
    return Path(cwd, path).resolve()


def cached_by_path(load: Callable[[Path], T]) -> Callable[..., T]:
    """Cache a loader of one file by the file's resolved path.

    ``load()``, ``load(DEFAULT)`` and a relative spelling of the same path then read (and
    compile) the file once per process; ``cache_clear()`` forgets every file.
    """
    default = next(iter(inspect.signature(load).parameters.values())).default
    cached = lru_cache(maxsize=8)(load)

    @wraps(load)
    def wrapper(path: Path | str = default) -> T:
        path = os.fspath(path)
        return cached(_resolved(path, "" if os.path.isabs(path) else os.getcwd()))

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return wrapper
