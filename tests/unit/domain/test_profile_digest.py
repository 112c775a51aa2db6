"""A fixed generated profile (bench/profile.py, the real decide over a few weeks of heavy
play) pins the state digest: internal changes to the fold, the snapshots or the
projections must never change what a given log means."""

from __future__ import annotations

import json

from bench.profile import generate_profile
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.projection_set import new_projections, state_digest
from rpgmylife_desktop.projections.snapshot import dump_snapshot, load_snapshot

PINNED_STATE = "97879d4579b706913b96ea41884573d5298099efd17a0344219e5bd0200f89c0"
PINNED_PROJECTIONS = "31754b5deed93cb2a5cb95273161ffb746db8273a7c8b45859cbf2b38be3a7cd"


def test_the_digest_of_a_fixed_profile_never_changes() -> None:
    log = generate_profile(4_000, seed=11)
    state = GameState().apply_all(log)
    assert state.digest() == PINNED_STATE
    projections = new_projections()
    projections.replay(log)
    assert state_digest(projections) == PINNED_PROJECTIONS
    # Snapshots and copies keep it.
    restored = new_projections()
    load_snapshot(restored, dump_snapshot(projections))
    assert state_digest(restored) == PINNED_PROJECTIONS
    data = json.loads(json.dumps(state.to_data()))
    assert GameState.from_data(data).digest() == PINNED_STATE
    assert state.copy().digest() == PINNED_STATE


def test_done_day_counts_equal_a_walk_over_every_day() -> None:
    state = GameState().apply_all(generate_profile(4_000, seed=12))
    last = max(state.days)
    for habit in state.habits.values():
        for first in (habit.start_day, last.replace(day=1)):
            walked = len(habit.done_days(first, last))
            assert habit.done_day_count(first, last) == walked, habit.habit_id
