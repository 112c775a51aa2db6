"""A perfect day's milestone is titled "Perfect day": its day is in the list's own column
(it said "Perfect day: Mon 2 Mar 2026" beside "Mon 2 Mar"). A snapshot cache that kept the
old words is of an older format: it is refused, and a replay gives the new words."""

from __future__ import annotations

import json
import struct
import zlib

import pytest

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.projections.projection_set import Projections, new_projections
from rpgmylife_desktop.projections.snapshot import SnapshotError, dump_snapshot, load_snapshot
from tests.unit.domain.helpers import new_game

PREFIX = b"rpgmylife-projections-snapshot\n"


def played() -> Projections:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.LogHabit(habit_id="read"))
    today = game.state.local_day(game.now, game.device_tz)
    game.advance(days=1)
    game.execute(c.CloseDay(day=today))
    projections = new_projections()
    projections.replay(game.log)
    return projections


def with_document(data: bytes, change: object) -> bytes:
    """The snapshot `data` with its JSON document changed by `change(document)`."""
    (count,) = struct.unpack_from("<I", data, len(PREFIX))
    lengths = list(struct.unpack_from(f"<{count}Q", data, len(PREFIX) + 4))
    offset = len(PREFIX) + 4 + 8 * count
    document = json.loads(zlib.decompress(data[offset + 1 : offset + lengths[0]]))
    change(document)  # type: ignore[operator]
    header = b"z" + zlib.compress(json.dumps(document).encode())
    rest = data[offset + lengths[0] :]
    lengths[0] = len(header)
    return b"".join(
        [PREFIX, struct.pack("<I", count), struct.pack(f"<{count}Q", *lengths), header, rest]
    )


def test_a_perfect_day_is_titled_once_and_an_older_cache_of_its_words_is_replayed() -> None:
    engine = played()
    perfect = [m for m in engine.milestones.ordered() if m.kind == "perfect_day"]
    assert [m.title for m in perfect] == ["Perfect day"]

    def old_words(document: dict) -> None:  # type: ignore[type-arg]
        # What the format before this one held: the day in the title as well.
        document["format"] = 3
        for _key, row in document["projections"]["milestones"]["rows"]:
            if row["kind"] == "perfect_day":
                row["title"] = "Perfect day: Mon 2 Mar 2026"

    stale = with_document(dump_snapshot(engine), old_words)
    with pytest.raises(SnapshotError, match="format 3"):
        load_snapshot(new_projections(), stale)
    fresh = new_projections()
    load_snapshot(fresh, dump_snapshot(engine))
    assert [m.title for m in fresh.milestones.ordered() if m.kind == "perfect_day"] == [
        "Perfect day"
    ]
