"""`History.replay_batch` (a bulk import's history) leaves the history exactly as feeding
it the events one by one does: the same window of lines, total and writer memory, so the
undo lines and the lines written later read the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.projections.base import Step
from rpgmylife_desktop.projections.history import History
from rpgmylife_desktop.projections.history_text import RECENT_COMMANDS
from tests.unit.projections.story import START, Teller, opening


def _one_by_one(history: History, events: list[Recorded]) -> None:
    for recorded in events:
        history.replay_apply(Step(recorded, None, None))


def _seen(history: History) -> tuple[object, ...]:
    return (history.entries(), history.total, history.writer_copy().to_data())


@st.composite
def long_stories(draw: st.DrawFn) -> list[Recorded]:
    """Hundreds of logs (past the writer's memory of commands), some commands of two
    events, renames, and undo and redo markers naming earlier commands."""
    teller = Teller()
    opening(teller)
    commands: list[str] = []
    day = START.date()
    steps = draw(st.integers(RECENT_COMMANDS - 50, RECENT_COMMANDS + 300))
    specials = draw(st.dictionaries(st.integers(0, steps), st.integers(0, 3), max_size=6))
    for step in range(steps):
        habit = ("h1", "h2", "h3")[step % 3]
        kind = specials.get(step)
        if kind == 0 and commands:
            # Often a command about as far back as the writer remembers.
            back = draw(st.integers(RECENT_COMMANDS - 100, RECENT_COMMANDS + 100) | st.integers(1))
            target = commands[-min(back, len(commands))]
            teller.say(ev.CommandUndone(command_id=target))
        elif kind == 1 and commands:
            teller.say(ev.CommandRedone(command_id=commands[-1]))
        elif kind == 2:
            teller.say(ev.HabitEdited(habit_id=habit, old={"name": "x"}, new={"name": f"N{step}"}))
        else:
            logged = ev.HabitLogged(habit_id=habit, xp_delta=step % 7, day=day, backfilled=True)
            extra = [ev.LevelGained(level=2, day=day)] if kind == 3 else []
            commands.append(teller.say(logged, *extra))
    return teller.events


@settings(max_examples=40, deadline=None)
@given(
    story=long_stories(),
    window=st.sampled_from([1, 5, 100, 1000]),
    cut=st.floats(0, 1),
)
def test_a_batch_leaves_the_history_as_one_event_at_a_time_does(
    story: list[Recorded], window: int, cut: float
) -> None:
    split = int(len(story) * cut)  # the part before is already in the history (the log)
    slow, fast = History(window), History(window)
    _one_by_one(slow, story[:split])
    _one_by_one(fast, story[:split])
    _one_by_one(slow, story[split:])
    fast.replay_batch(story[split:])
    assert _seen(fast) == _seen(slow)
    # Lines written after the batch (an undo of a command of it) read the same too.
    last = story[-1].command_id
    teller = Teller()
    teller.events = [r for r in story]
    teller.commands = 10_000
    teller.say(ev.CommandUndone(command_id=last))
    marker = teller.events[-1]
    assert fast._writer.line(marker) == slow._writer.line(marker)


def test_a_long_batch_keeps_the_newest_lines_and_counts_every_one() -> None:
    teller = Teller()
    opening(teller)
    day = START.date()
    for step in range(3000):
        teller.say(ev.HabitLogged(habit_id="h1", xp_delta=step % 5, day=day))
    history = History(100)
    history.replay_batch(teller.events)
    assert history.total == len(teller.events)
    assert [e.position for e in history.entries()] == [r.position for r in teller.events[-100:]]
