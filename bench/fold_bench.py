"""The fold benchmark: CPU time to fold a 100,000-event profile into a fresh GameState.

Folding is the shared cost of a cold open, a bundle import and a history import. The
profile comes from `bench/profile.py` (generated in memory, so nothing else is timed:
no file, no decoding); the fold is timed in CPU seconds (`time.process_time`), best of
five, because wall time on a shared machine moves more than the change being measured.
The folded state must give the generator's own state digest.
"""

from __future__ import annotations

import argparse
import time

from bench.profile import DEFAULT_SEED, ProfilePlayer
from bench.report import SuiteResult, TargetRow
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.projection_set import digest_of_state

EVENTS = 100_000
REPEATS = 5
TARGETS = (
    "fold CPU per 100,000 events (best of 5)",
    "folded state equals the generator's",
)
LIMIT_SECONDS = 0.8
"""Per 100,000 events; 0.78 s before the fold lost its per-event isinstance chains,
frozen-dataclass records and extra calls, about 0.68 s after (same machine, alternating);
under heavy load 0.82-0.87 s before the one-step HabitLogged fold, 0.70-0.72 s after."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this suite (``python -m bench fold --help``)."""
    group = parser.add_argument_group("fold")
    group.add_argument(
        "--fold-events", type=int, default=EVENTS, help="profile size (default 100,000)"
    )


def run(args: argparse.Namespace) -> SuiteResult:
    """Generate the profile, fold it `REPEATS` times, keep the least CPU time."""
    events = 3_000 if args.quick else int(getattr(args, "fold_events", EVENTS))
    player = ProfilePlayer(DEFAULT_SEED)
    recorded = player.play(events)
    best = float("inf")
    state = GameState()
    for _ in range(REPEATS):
        state = GameState()
        started = time.process_time()
        state.apply_all(recorded)
        best = min(best, time.process_time() - started)
    per_100k = best * 100_000 / len(recorded)
    same = digest_of_state(state) == digest_of_state(player.state)
    result = SuiteResult("fold")
    result.targets += [
        TargetRow(TARGETS[0], per_100k, LIMIT_SECONDS, "s CPU", at_most=True),
        TargetRow(TARGETS[1], float(same), 1.0, "(1 = equal)"),
    ]
    result.notes.append(
        f"profile: {len(recorded):,} events, seed {DEFAULT_SEED}; best fold {best:.3f} s CPU"
    )
    return result
