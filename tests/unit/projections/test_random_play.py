"""Properties of every projection over random play through the REAL decide.

The stories come from the domain's random-play strategy (tests/unit/domain/test_undo.py):
random valid commands decided by `decide` and folded by an in-memory `Playthrough`. Each command's
events are fed to live projections as the application feeds them (`apply_many`), and
compared with full replays, replays of prefixes, snapshots plus tails, undo and redo.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.projections.projection_set import Projections, new_projections, state_digest
from rpgmylife_desktop.projections.snapshot import dump_snapshot, load_snapshot
from tests.oracles.digest import domain_digest
from tests.oracles.timetravel import projections_at_position
from tests.playthrough import Playthrough
from tests.strategies import ACTIONS, play

from ..domain.helpers import new_game

STEPS = st.lists(st.tuples(ACTIONS, st.integers(0, 50)), min_size=1, max_size=30)


def _rows(projections: Projections) -> dict[str, Any]:
    """Everything a user could see, projection by projection (history and milestones too)."""
    seen: dict[str, Any] = {p.name: dict(p.rows()) for p in projections.projections}
    seen["history"] = [(e.position, e.text) for e in projections.history.entries()]
    return seen


def _replayed(events: list[Recorded]) -> Projections:
    built = new_projections()
    built.replay(events)
    return built


def _play_live(
    steps: list[tuple[str, int]], seed: int
) -> tuple[Playthrough, Projections, list[str]]:
    """Play `steps`, feeding each command's events to live projections; returns the game,
    the projections and the state digest after every event count (index = log length)."""
    game = Playthrough(new_game().now, seed=seed)
    live = new_projections()
    digests = [state_digest(live)]
    for action, n in steps:
        before = len(game.log)
        play(game, action, n)
        for start in range(before, len(game.log)):
            live.apply_many([game.log[start]])
            digests.append(state_digest(live))
    return game, live, digests


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS, st.integers(0, 3), st.data())
def test_live_equals_replay_prefix_and_snapshot_plus_tail(
    steps: list[tuple[str, int]], seed: int, data: st.DataObject
) -> None:
    game, live, digests = _play_live(steps, seed)
    log = game.log
    # Incremental (command by command, with announcements) equals one full replay.
    full = _replayed(log)
    assert state_digest(full) == state_digest(live) == digests[-1]
    assert _rows(full) == _rows(live)
    assert domain_digest(full.state) == domain_digest(game.state)
    # As of position N equals a replay of the first N events, and what live showed then.
    n = data.draw(st.integers(0, len(log)), label="position")
    past = projections_at_position(log, n)
    assert state_digest(past) == state_digest(_replayed(log[:n])) == digests[n]
    assert _rows(past) == _rows(_replayed(log[:n]))
    # A snapshot at N plus the tail equals the full replay.
    restored = new_projections()
    load_snapshot(restored, dump_snapshot(_replayed(log[:n])))
    restored.replay(log[n:])
    assert state_digest(restored) == state_digest(full)
    assert _rows(restored) == _rows(full)
    # Time travel from that snapshot gives the same as from the start.
    m = data.draw(st.integers(n, len(log)), label="later position")
    travelled = projections_at_position(log[n:], m, snapshot=dump_snapshot(_replayed(log[:n])))
    assert state_digest(travelled) == digests[m]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS, st.integers(0, 3))
def test_undo_gives_back_the_digest_before_and_redo_the_digest_after(
    steps: list[tuple[str, int]], seed: int
) -> None:
    game, live, _ = _play_live(steps, seed)

    def run(command: c.Command) -> str:
        live.apply_many(game.execute(command))
        return state_digest(live)

    before = state_digest(live)
    after = run(c.RenameCharacter(name="Zed the Undoable"))
    assert after != before
    assert run(c.UndoLastCommand()) == before
    assert run(c.RedoCommand()) == after
    assert state_digest(_replayed(game.log)) == after
