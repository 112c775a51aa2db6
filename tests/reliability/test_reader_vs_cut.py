"""A reader never maps bytes a writer may cut off (issue: SIGBUS of `status` while `log`
moved a torn tail to quarantine/).

The writer's cut is made deterministic here: the reading process itself truncates
the torn tail right as its scan begins, exactly what a writer in another process
does at an unlucky moment. A reader that scanned the tail through a memory map then
touches pages past the end of the file and the kernel kills it with SIGBUS."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.unit.eventstore.support import Folder, event

READER = textwrap.dedent(
    """
    import os, sys
    from rpgmylife_desktop.eventstore import EventStore, opening

    data, cache, log, committed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    scan = opening.scan

    def scan_while_a_writer_cuts(*args, **kwargs):
        os.truncate(log, committed)  # the writer cuts the torn tail off meanwhile
        return scan(*args, **kwargs)

    opening.scan = scan_while_a_writer_cuts
    with EventStore.open(data, cache, read_only=True) as store:
        print(store.head_position)
    """
)


def test_a_reader_survives_a_writer_cutting_the_tail_it_is_scanning(tmp_path: Path) -> None:
    folder = Folder(tmp_path / "data", tmp_path / "cache")
    with folder.open() as store:
        for version in range(1, 4):
            store.append([event("habit-a", version)])
    committed = folder.log.stat().st_size
    (folder.cache / "eventstore" / "index.json").unlink()  # a cold reader scans it all
    with folder.log.open("ab") as f:
        f.write(b"\xa5" * (3 << 20))  # 3 MB of a write that never finished

    reader = subprocess.run(
        [sys.executable, "-c", READER, str(folder.data), str(folder.cache), str(folder.log),
         str(committed)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip

    assert reader.returncode != -signal.SIGBUS, "the reader was killed by SIGBUS"
    assert reader.returncode == 0, reader.stderr
    assert reader.stdout.strip() == "3"
