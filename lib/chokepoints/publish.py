"""Publishing builds: an archive of builds by as-of date, atomic swaps, the top index, a lock.

Layout of a reports folder::

    index.html              every build: as-of date, corpus, articles, links
    latest -> .builds/...   the newest build (a symbolic link, swapped atomically)
    2026-01-31 -> .builds/2026-01-31-<key>   one link per as-of date
    .builds/<as-of>-<key>-<time>/  the builds themselves (index, briefings, data/, executed/,
                            build.json); one no link points at is unfinished or superseded
    .failed/<as-of>/        executed notebooks of the last failed build, for debugging
    .lock                   held while a build publishes
"""

from __future__ import annotations

import html
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chokepoints.errors import BuildError
from chokepoints.files import write_text_atomic

BUILDS_DIR_NAME = ".builds"
FAILED_DIR_NAME = ".failed"
LATEST_NAME = "latest"
RECORD_NAME = "build.json"
LOCK_NAME = ".lock"


@contextmanager
def build_lock(reports_dir: Path) -> Iterator[None]:
    """Hold the reports folder's lock; a second build at once fails with a clear message.

    Raises:
        BuildError: another build holds the lock.
    """
    from filelock import FileLock, Timeout

    reports_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(reports_dir / LOCK_NAME)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildError(f"another build is publishing into {reports_dir} (lock "
                         f"{reports_dir / LOCK_NAME}); wait for it to finish") from None
    try:
        yield
    finally:
        lock.release()


def staging_dir(reports_dir: Path, name: str) -> Path:
    """A fresh build folder, unpublished until a link points at it.

    A build is made in the folder it will be published from (publishing swaps links, it does
    not move folders), so paths recorded while building stay valid.
    """
    path = reports_dir / BUILDS_DIR_NAME / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _swap_link(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` in one atomic step (a new link renamed over the old)."""
    temporary = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    if link.exists() and not link.is_symlink():
        raise BuildError(f"{link} is a real folder, not a build link; move it away first")
    os.replace(temporary, link)


def publish(build: Path, reports_dir: Path, as_of: str) -> Path:
    """Publish a finished build: swap the as-of and latest links to it, each atomically.

    Returns:
        The published build folder.
    """
    target = f"{BUILDS_DIR_NAME}/{build.name}"
    _swap_link(reports_dir / as_of, target)
    _swap_link(reports_dir / LATEST_NAME, target)
    prune(reports_dir)
    write_index(reports_dir)
    return build


def linked_builds(reports_dir: Path) -> dict[str, Path]:
    """Build folders that a link points at, by link name."""
    links = {}
    for entry in reports_dir.iterdir():
        if entry.is_symlink() and not entry.name.startswith("."):
            links[entry.name] = entry.resolve()
    return links


def prune(reports_dir: Path) -> None:
    """Remove build folders no link points at (superseded builds of the same date)."""
    keep = set(linked_builds(reports_dir).values())
    for build in (reports_dir / BUILDS_DIR_NAME).iterdir():
        if build.is_dir() and not build.name.startswith(".") and build.resolve() not in keep:
            shutil.rmtree(build, ignore_errors=True)


def read_record(build: Path) -> dict:
    """The ``build.json`` record of a build folder."""
    return json.loads((build / RECORD_NAME).read_text(encoding="utf-8"))


def write_index(reports_dir: Path) -> Path:
    """Write the top ``index.html`` listing every published build, newest as-of date first."""
    rows = []
    for name, build in sorted(linked_builds(reports_dir).items(), reverse=True):
        if name == LATEST_NAME or not (build / RECORD_NAME).is_file():
            continue
        record = read_record(build)
        links = " · ".join(
            f'<a href="{html.escape(name)}/{html.escape(b["file"])}">{html.escape(b["title"])}</a>'
            for b in record["briefings"])
        rows.append(
            f'<tr><td><a href="{html.escape(name)}/index.html">{html.escape(name)}</a></td>'
            f"<td><code>{html.escape(record['corpus'])}</code></td>"
            f"<td>{record['n_articles']}</td><td>{links}</td>"
            f"<td>{html.escape(record['built_at'])}</td></tr>")
    latest = ""
    if (reports_dir / LATEST_NAME).is_symlink():
        latest = (f'<p>Latest build: <a href="{LATEST_NAME}/index.html">'
                  f"{html.escape(read_record((reports_dir / LATEST_NAME).resolve())['as_of'])}"
                  "</a></p>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>chokepoints: every build</title>
<style>
 body {{ font-family: Inter, 'Segoe UI', Helvetica, Arial, sans-serif; max-width: 1000px;
        margin: 2rem auto; padding: 0 1.5rem; color: #222; }}
 table {{ border-collapse: collapse; width: 100%; font-size: 0.92rem; }}
 td, th {{ border-bottom: 1px solid #ddd; padding: 0.4rem; text-align: left;
          vertical-align: top; }}
</style></head>
<body>
<h1>chokepoints briefings</h1>
{latest}
<table><thead><tr><th>As of</th><th>Corpus</th><th>Articles</th><th>Briefings</th>
<th>Built (UTC)</th></tr></thead>
<tbody>
{"".join(rows)}
</tbody></table>
</body></html>
"""
    return write_text_atomic(reports_dir / "index.html", page)
