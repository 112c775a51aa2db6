"""`CommandLog.apply_run` (an import's undo bookkeeping, done once after its fold) leaves
exactly what applying each event does: the same records, stacks and current command,
whatever the log held before (undo and redo stacks of two devices) and whatever the run
holds (commands of several events, undo and redo markers, another device's commands)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state.commandlog import UNDO_DEPTH, CommandLog, UntrackedCommands

DAY = date(2026, 1, 5)
AT = datetime(2026, 1, 5, 12, tzinfo=UTC)


class Log:
    """Events of commands, numbered in order."""

    def __init__(self) -> None:
        self.events: list[Recorded] = []
        self.commands: list[str] = []

    def command(self, *events: ev.DomainEvent, device: str = "pc") -> str:
        command_id = f"c{len(self.commands) + 1:04}"
        self.commands.append(command_id)
        for event in events:
            n = len(self.events) + 1
            self.events.append(
                Recorded(n, f"e{n:05}", "s", n, AT, AT, "UTC", device, n, command_id, event)
            )
        return command_id


def _logged(n: int) -> ev.HabitLogged:
    return ev.HabitLogged(habit_id=f"h{n % 3}", xp_delta=n % 7, day=DAY, backfilled=True)


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Recorded], list[Recorded]]:
    """Some play (both devices, undo and redo) and then a run of commands after it."""
    log = Log()
    for step in range(draw(st.integers(0, 40))):
        choice = draw(st.integers(0, 3))
        device = draw(st.sampled_from(["pc", "laptop"]))
        if choice == 0 and log.commands:
            target = draw(st.sampled_from(log.commands))
            log.command(ev.CommandUndone(command_id=target), device=device)
        elif choice == 1 and log.commands:
            target = draw(st.sampled_from(log.commands))
            log.command(ev.CommandRedone(command_id=target), _logged(step), device=device)
        else:
            log.command(_logged(step), device=device)
    before = len(log.events)
    # Runs around the undo depth (where the shortcut starts) as often as short ones.
    run = draw(st.integers(0, 5) | st.integers(UNDO_DEPTH - 2, UNDO_DEPTH * 2 + 20))
    odd = draw(st.dictionaries(st.integers(0, run), st.integers(0, 3), max_size=3))
    for step in range(run):
        kind = odd.get(step)
        if kind == 0 and log.commands:
            log.command(ev.CommandUndone(command_id=log.commands[-1]))
        elif kind == 1:
            log.command(_logged(step), device="laptop")
        elif kind == 2:
            log.command(_logged(step), ev.LevelGained(level=2, day=DAY))
        else:
            log.command(_logged(step))
    return log.events[:before], log.events[before:]


@settings(max_examples=60, deadline=None)
@given(histories())
def test_a_run_applied_at_once_is_the_run_applied_event_by_event(
    history: tuple[list[Recorded], list[Recorded]],
) -> None:
    before, run = history
    one_by_one, at_once = CommandLog(), CommandLog()
    for recorded in before:
        one_by_one.apply(recorded)
        at_once.apply(recorded)
    for recorded in run:
        one_by_one.apply(recorded)
    at_once.apply_run(run)
    assert at_once.to_data() == one_by_one.to_data()


def test_a_long_import_keeps_the_newest_commands_undoable() -> None:
    log = Log()
    for step in range(UNDO_DEPTH * 3):
        log.command(_logged(step))
    commands = CommandLog()
    commands.apply_run(log.events)
    assert commands.undo_stack == log.commands[-UNDO_DEPTH:]
    assert set(commands.records) == set(log.commands[-UNDO_DEPTH:])
    record = commands.undoable("pc")
    assert record is not None and record.command_id == log.commands[-1]
    assert [item.event_id for item in record.events] == [log.events[-1].event_id]


def test_untracked_commands_track_nothing() -> None:
    log = Log()
    log.command(_logged(1))
    untracked = UntrackedCommands()
    untracked.apply(log.events[0])
    assert untracked.to_data() == CommandLog().to_data()


def _both_ways(before: list[Recorded], run: list[Recorded]) -> tuple[object, object]:
    one_by_one, at_once = CommandLog(), CommandLog()
    for recorded in before:
        one_by_one.apply(recorded)
        at_once.apply(recorded)
    for recorded in run:
        one_by_one.apply(recorded)
    at_once.apply_run(run)
    return at_once.to_data(), one_by_one.to_data()


def test_another_devices_command_inside_a_long_run_clears_that_devices_redo() -> None:
    log = Log()
    undone = log.command(_logged(0), device="laptop")
    log.command(ev.CommandUndone(command_id=undone), device="laptop")
    before = len(log.events)
    for step in range(UNDO_DEPTH * 2):
        log.command(_logged(step), device="laptop" if step == 100 else "pc")
    at_once, one_by_one = _both_ways(log.events[:before], log.events[before:])
    assert at_once == one_by_one


def test_an_undo_inside_a_long_run_is_applied() -> None:
    log = Log()
    other = log.command(_logged(0), device="laptop")  # its redo outlives this device's run
    before = len(log.events)
    for step in range(UNDO_DEPTH * 2):
        if step == 100:
            log.command(ev.CommandUndone(command_id=other))
        else:
            log.command(_logged(step))
    at_once, one_by_one = _both_ways(log.events[:before], log.events[before:])
    assert at_once == one_by_one
