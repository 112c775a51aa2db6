"""The GUI bench's memory figure is the measured process's own, not its parent's."""

from __future__ import annotations

import subprocess
import sys

from bench.gui_bench import peak_rss_mb


def test_a_child_reports_its_own_peak_not_its_parents() -> None:
    ballast = bytearray(300 * 1024 * 1024)
    for offset in range(0, len(ballast), 4096):
        ballast[offset] = 1  # really resident in this (the parent) process
    code = (
        "import resource; from bench.gui_bench import peak_rss_mb; "
        "print(peak_rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    own, inherited = (float(part) for part in done.stdout.split())
    assert inherited >= 300  # ru_maxrss carries the parent's peak into the child...
    assert own < 200  # ...the child's own peak does not
    assert peak_rss_mb() >= 300
    del ballast
