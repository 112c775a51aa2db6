"""Random but valid event stories for the projection property tests.

They are built from domain events directly (with the outcomes a decision would
have stored), so the tests exercise the real GameState fold and every read model.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.values import GoalMeasure, Schedule

START = datetime(2025, 3, 3, 9, tzinfo=UTC)
HABITS = ("h1", "h2", "h3")


class Teller:
    """Wraps events into Recorded envelopes, one command per `say` call."""

    def __init__(self) -> None:
        self.events: list[Recorded] = []
        self.commands = 0

    def say(self, *events: ev.DomainEvent, at: datetime | None = None, hours: int = 1) -> str:
        self.commands += 1
        command = f"c{self.commands:04}"
        for event in events:
            n = len(self.events) + 1
            moment = START + timedelta(hours=hours * n)
            self.events.append(
                Recorded(
                    position=n,
                    event_id=f"e{n:05}",
                    stream="s",
                    stream_version=n,
                    recorded_at=moment,
                    occurred_at=at or moment,
                    tz="UTC",
                    device_id="pc",
                    hlc=n << 16,
                    command_id=command,
                    event=event,
                )
            )
        return command


def opening(teller: Teller) -> None:
    """A character, three habits, a quest, a goal and a reward."""
    day = START.date()
    teller.say(ev.CharacterCreated(name="Adventurer", day=day))
    for i, habit in enumerate(HABITS):
        teller.say(
            ev.HabitAdded(
                habit_id=habit,
                name=f"Habit {i}",
                schedule=Schedule(kind="daily"),
                position=i,
                start_day=day,
            )
        )
    teller.say(ev.QuestAdded(quest_id="q1", title="Write report", goal_id="g1"))
    teller.say(
        ev.GoalAdded(
            goal_id="g1",
            title="Meditate a lot",
            measure=GoalMeasure(kind="habit_logs", habit_id="h1", count=3),
        )
    )
    teller.say(ev.RewardAdded(reward_id="r1", title="Cake", price=5))


@st.composite
def stories(draw: st.DrawFn, max_steps: int = 25) -> list[Recorded]:
    """An opening and then random logs, reverts, day closes, level-ups, quests, claims."""
    teller = Teller()
    opening(teller)
    live_logs: list[tuple[str, str, date, int, float]] = []
    level = 1
    steps = draw(st.lists(st.integers(0, 8), max_size=max_steps))
    for choice in steps:
        day = START.date() + timedelta(days=len(teller.events) // 4)
        if choice <= 2:
            habit = draw(st.sampled_from(HABITS))
            xp = draw(st.integers(1, 20))
            gold = draw(st.sampled_from([0.5, 1.3, 2.25]))
            backfill = draw(st.booleans())
            log_day = day - timedelta(days=2) if backfill else day
            teller.say(
                ev.HabitLogged(
                    habit_id=habit, xp_delta=xp, gold_delta=gold, day=log_day, backfilled=backfill
                )
            )
            live_logs.append((teller.events[-1].event_id, habit, log_day, xp, gold))
        elif choice == 3 and live_logs:
            event_id, habit, log_day, xp, gold = live_logs.pop(
                draw(st.integers(0, len(live_logs) - 1))
            )
            teller.say(
                ev.HabitLogReverted(
                    habit_id=habit,
                    log_event_id=event_id,
                    xp_delta=-xp,
                    gold_delta=-gold,
                    day=log_day,
                )
            )
        elif choice == 4:
            perfect = draw(st.booleans())
            teller.say(
                ev.DailyMissed(habit_id="h2", day=day, hp_delta=-1.5),
                ev.DayClosed(
                    day=day,
                    perfect=perfect,
                    judged=3,
                    done=3 if perfect else 2,
                    missed=0 if perfect else 1,
                ),
            )
        elif choice == 5:
            level += 1
            teller.say(ev.LevelGained(level=level, hp_delta=2.5, day=day))
        elif choice == 6:
            teller.say(ev.QuestCompleted(quest_id="q1", xp_delta=10, gold_delta=3, day=day))
        elif choice == 7:
            teller.say(ev.RewardClaimed(reward_id="r1", gold_delta=-5, day=day))
        else:
            teller.say(ev.HabitSkipped(habit_id="h3", day=day))
    return teller.events


def seen(projections: Any) -> dict[str, Any]:
    """Everything a user could see, projection by projection."""
    shown: dict[str, Any] = {p.name: dict(p.rows()) for p in projections.projections}
    shown["today-day"] = projections.today.day
    return shown


def renumbered(events: list[Recorded]) -> list[Recorded]:
    """The same events in canonical order with positions 1..n (a log written in order)."""
    ordered = sorted(events, key=lambda r: (r.hlc, r.device_id, r.event_id))
    return [replace(r, position=i + 1) for i, r in enumerate(ordered)]
