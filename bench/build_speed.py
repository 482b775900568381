"""Benchmark the build: the floor (a kernel per notebook, importing the stack), a full build,
and a cached rebuild. Prints the figures; not part of the test suite.

    .venv/bin/python bench/build_speed.py [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from chokepoints import config
from chokepoints.build import build_reports, kernel_manager_class, list_notebooks

# The stack a notebook imports, including plotly's renderer registry: displaying any figure
# loads it (and, through nbformat, jsonschema), about a second on this machine.
STACK = ("import chokepoints.analyze, chokepoints.charts, chokepoints.briefing, pandas\n"
         "import plotly.io as pio\n_ = pio.renderers.default")
AS_OF = date(2026, 1, 31)


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process (all threads) and by its finished children
    (the kernels, and the analysis's process when it is not cached): a measure that other
    load on the machine does not inflate much."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def cpu_since(start: tuple[float, float]) -> str:
    own, children = (now - then for now, then in zip(cpu_seconds(), start, strict=True))
    return (f"CPU {own + children:.2f} s (build process {own:.2f}, kernels and analysis "
            f"process {children:.2f})")


def kernel_with_stack() -> float:
    """Seconds to start one kernel and import the analysis stack in it."""
    started = time.perf_counter()
    manager = kernel_manager_class(asynchronous=False)(kernel_name=config.KERNEL_NAME)
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        client.execute_interactive(STACK, timeout=120)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=None,
                        help="notebooks at once (default: all, as `chokepoints build` does)")
    args = parser.parse_args()
    notebooks = list_notebooks()
    jobs = max(1, min(args.jobs or len(notebooks), len(notebooks)))
    print(f"{len(notebooks)} notebooks, {jobs} at once, {os.cpu_count()} CPUs")

    started, cpu = time.perf_counter(), cpu_seconds()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        singles = list(pool.map(lambda _: kernel_with_stack(), notebooks))
    floor = time.perf_counter() - started
    print(f"floor: {floor:.2f} s to start {len(notebooks)} kernels ({jobs} at once) and import "
          f"the stack (each {min(singles):.2f}-{max(singles):.2f} s); {cpu_since(cpu)}")

    with tempfile.TemporaryDirectory() as tmp:
        reports = Path(tmp) / "reports"
        cache = config.CACHE_DIR
        shutil.rmtree(cache / "analysis", ignore_errors=True)
        started, cpu = time.perf_counter(), cpu_seconds()
        result = build_reports(out_dir=reports, as_of=AS_OF, jobs=jobs, force=True)
        full = time.perf_counter() - started
        size = sum(b.html_bytes for b in result.briefings) / 1_048_576
        print(f"full build (analysis not cached): {full:.2f} s = {full / floor:.2f}x the floor; "
              f"{len(result.briefings)} briefings, {size:.1f} MB of HTML; {cpu_since(cpu)}")

        started, cpu = time.perf_counter(), cpu_seconds()
        build_reports(out_dir=reports, as_of=AS_OF, jobs=jobs, force=True)
        warm = time.perf_counter() - started
        print(f"full build (analysis cached): {warm:.2f} s = {warm / floor:.2f}x the floor; "
              f"{cpu_since(cpu)}")

        command = [sys.executable, "-m", "chokepoints", "build", "--out", str(reports),
                   "--as-of", AS_OF.isoformat()]
        started = time.perf_counter()
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        cached = time.perf_counter() - started
        print(f"cached rebuild, nothing changed (`chokepoints build` as a command): "
              f"{cached:.2f} s: {output.strip()[:60]}...")


if __name__ == "__main__":
    main()
