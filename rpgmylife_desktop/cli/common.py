"""What every CLI command shares: opening the game, building commands, finding things.

The environment variables read here are part of the CLI's contract (docs/cli.md):
`RPGMYLIFE_DATA_DIR` (via `resolve_paths`), `RPGMYLIFE_NOW` (a fixed clock) and
`RPGMYLIFE_SEED` (a fixed seed for the chance rolls, for tests and demos).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from rpgmylife_desktop.application.clock import NOW_ENV, Clock, clock_from_env
from rpgmylife_desktop.application.lookup import find_one
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import CommandResult, Game
from rpgmylife_desktop.application.when import LAST_CLOCK, in_range, parse_day, parse_when
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.domain.events import (
    CharacterFainted,
    DayClosed,
    GoalAchieved,
    GoalAchievementReverted,
    LevelGained,
    Outcome,
    QuestCompleted,
)
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.numbers import counted
from rpgmylife_desktop.domain.state.goals import Goal
from rpgmylife_desktop.domain.state.quests import Quest
from rpgmylife_desktop.domain.state.rewards import Reward
from rpgmylife_desktop.errors import EXIT_OK, UsageError
from rpgmylife_desktop.projections.history_text import amount_text
from rpgmylife_desktop.projections.history_text import outcome_text as history_outcome_text

SEED_ENV = "RPGMYLIFE_SEED"

HOSTED: list[Game] = []
"""The running app's open game while it carries out a forwarded command (cli/hosted.py):
`open_game` then lends it instead of opening the folder a second time."""

C = TypeVar("C", bound=BaseModel)


def seed_from_env() -> int | None:
    """The fixed seed of `RPGMYLIFE_SEED`, or None for a random one."""
    raw = os.environ.get(SEED_ENV)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise UsageError(f"{SEED_ENV}={raw!r} is not a whole number.") from None


def env_clock() -> Clock:
    """The clock of `RPGMYLIFE_NOW` (or the system's), refused when the game cannot
    hold its moment (`0001-01-01` would overflow the first day's arithmetic)."""
    clock = clock_from_env()
    if os.environ.get(NOW_ENV):
        in_range(clock.now(), f"{NOW_ENV}={os.environ[NOW_ENV]}", latest=LAST_CLOCK)
    return clock


def open_game(args: argparse.Namespace, *, write: bool = True, close_days: bool = True) -> Game:
    """Open the game on the data folder the command line names.

    A writing session takes the data folder's lock (exit 4 when another program
    holds it) and closes the days that ended since the last run. A reading session
    on a damaged log shows the game before the damage, with a warning on stderr.
    """
    if HOSTED:
        return cast(Game, _Lent(HOSTED[-1]))
    paths = resolve_paths(getattr(args, "data_dir", None))
    game = Game.open(
        paths, env_clock(), read_only=not write, seed=seed_from_env(), close_days=close_days
    )
    damage = game.store.damage
    if damage is not None:  # a reading command shows what it can, and says what it cannot
        print(
            f"rpgmylife: warning: the event log is damaged at {damage.describe()}; showing the "
            f"{counted(game.store.head_position, 'event')} before it. Run `rpgmylife verify`, then "
            "`rpgmylife repair` to keep every intact event.",
            file=sys.stderr,
        )
    return game


class _Lent:
    """The running app's game, lent to one command: `with` gives the game itself and
    leaves it open when the command is done."""

    def __init__(self, game: Game) -> None:
        self._game = game

    def __enter__(self) -> Game:
        return self._game

    def __exit__(self, *_exc: object) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._game, name)


def make(command_type: type[C], **fields: Any) -> C:
    """Build a command, turning a validation error into a usage error (exit 2)."""
    try:
        return command_type(**fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "input"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise UsageError(
            f"Invalid {where}: {message}.", hint="See --help for the accepted values."
        ) from None


def number(value: float) -> str:
    """A short human number: 12, 3.5, 0.25 (the one format of gold and HP everywhere)."""
    return amount_text(value)


def find_habit(game: Game, query: str) -> str:
    """The id of the habit `query` names (id, id prefix or name)."""
    habits = game.state.habits.values()
    return find_one("habit", query, [(h.habit_id, h.name) for h in habits])


def find_quest(game: Game, query: str, *, archived: bool | None = None) -> str:
    """The id of the quest `query` names (deleted quests are gone; `archived` True or
    False looks only among archived or active ones)."""
    quests = _shelf(game.state.quests.values(), archived)
    return find_one("quest", query, [(q.quest_id, q.title) for q in quests])


def find_goal(game: Game, query: str, *, archived: bool | None = None) -> str:
    """The id of the goal `query` names (as `find_quest`)."""
    goals = _shelf(game.state.goals.values(), archived)
    return find_one("goal", query, [(g.goal_id, g.title) for g in goals])


def find_reward(game: Game, query: str, *, archived: bool | None = None) -> str:
    """The id of the reward `query` names (as `find_quest`)."""
    rewards = _shelf(game.state.rewards.values(), archived)
    return find_one("reward", query, [(r.reward_id, r.title) for r in rewards])


_Shelved = TypeVar("_Shelved", Quest, Goal, Reward)


def _shelf(items: Iterable[_Shelved], archived: bool | None) -> list[_Shelved]:
    return [
        item
        for item in items
        if not item.deleted and (archived is None or item.archived == archived)
    ]


def zone_of(game: Game) -> ZoneInfo:
    """The user's time zone, for reading the times people type."""
    return ZoneInfo(game.time_zone())


def when(game: Game, text: str, *, day_time: time | None = None) -> datetime:
    """The moment `text` names (see application.when), in the user's time zone; a day
    alone means `day_time` on it (default noon)."""
    if day_time is None:
        return parse_when(text, game.clock.now(), zone_of(game))
    return parse_when(text, game.clock.now(), zone_of(game), day_time=day_time)


def day(game: Game, text: str | None, *, future: bool = False) -> date:
    """The day `text` names; today (the game day) when None. An option that looks
    ahead (a due day, a skip) passes `future`: `fri` is then the next Friday."""
    today = game.today()
    return today if text is None else parse_day(text, today, future=future)


def outcome_text(events: Iterable[Recorded]) -> str:
    """ "+12 XP, +1.3 gold, -2 HP" summed over a command's events ('' when none). A faint
    is left out: `faint_text` tells it apart, with what it cost."""
    xp, gold, hp = 0, 0.0, 0.0
    for recorded in events:
        event = recorded.event
        if isinstance(event, Outcome) and not isinstance(event, CharacterFainted):
            xp += event.xp_delta
            gold += event.gold_delta
            hp += event.hp_delta
    return history_outcome_text(xp, gold, hp)


def without_goals(events: Iterable[Recorded]) -> list[Recorded]:
    """A command's events but the goals it reached: `report` gives each goal its own
    line with its bonus, so a log's or a quest's line leaves them out."""
    return [r for r in events if not isinstance(r.event, GoalAchieved | GoalAchievementReverted)]


def goal_lines(game: Game, events: Iterable[Recorded]) -> list[str]:
    """ "Goal reached: Meditate 100 times! (+100 XP, +20 gold)" per goal the events reached,
    "Goal no longer reached: ..." per goal a reopened quest left short."""
    lines = []
    events = list(events)
    again = any(isinstance(r.event, QuestCompleted) for r in events)
    for recorded in events:
        event = recorded.event
        if isinstance(event, GoalAchievementReverted) and event.reopened is not None:
            goal = game.state.goals.get(event.goal_id)
            title = goal.title if goal is not None else event.goal_id[:8]
            bonus = history_outcome_text(event.xp_delta, event.gold_delta, event.hp_delta)
            lines.append(f"Goal no longer reached: {title}" + (f" ({bonus})." if bonus else "."))
        if isinstance(event, GoalAchieved):
            goal = game.state.goals.get(event.goal_id)
            title = goal.title if goal is not None else event.goal_id[:8]
            bonus = history_outcome_text(event.xp_delta, event.gold_delta, event.hp_delta)
            if bonus:
                lines.append(f"Goal reached: {title}! ({bonus})")
            elif again:  # a written goal, reached again after its quest was reopened
                lines.append(
                    f"Goal reached again: {title}, with no bonus (it was already met when "
                    "it was set)."
                )
            else:  # met when it was set or edited: the bonus is for play (docs/game-rules.md)
                lines.append(
                    f"Goal {title!r} is already met, so it is reached at once with no bonus "
                    "(a goal pays for the play after it is set, not for setting it)."
                )
    return lines


def result_json(result: CommandResult) -> dict[str, Any]:
    """The stable JSON of a command's result."""
    return {
        "ok": True,
        "command_id": result.command.command_id,
        "position": result.position,
        "events": [
            {
                "position": r.position,
                "event_id": r.event_id,
                "event_type": type(r.event).event_type,
                "stream": r.stream,
                "payload": r.event.payload(),
            }
            for r in result.events
        ],
    }


def level_ups(events: Iterable[Recorded]) -> list[int]:
    """The levels reached by a command's events."""
    return [r.event.level for r in events if isinstance(r.event, LevelGained)]


def report(
    game: Game,
    output: Output,
    result: CommandResult,
    text: str,
    extra: dict[str, Any] | None = None,
) -> int:
    """Print a command's result (text or JSON) and return exit code 0.

    Days that opening the game closed (the user was away) are mentioned first.
    """
    lines = [closed_day_line(r) for r in game.closed_on_open]
    lines.append(text)
    lines.extend(goal_lines(game, result.events))
    for level in level_ups(result.events):
        lines.append(f"Level up! You reached level {level}.")
    lines += faint_text(result.events)
    data = result_json(result)
    data["closed_days"] = [result_json(r) for r in game.closed_on_open]
    if extra:
        data.update(extra)
    output.result(data, "\n".join(line for line in lines if line))
    return EXIT_OK


def faint_text(events: Iterable[Recorded]) -> list[str]:
    """One line per faint among a command's events, with what it cost."""
    lines = []
    for recorded in events:
        event = recorded.event
        if isinstance(event, CharacterFainted):
            cost = [f"{-event.xp_delta} XP"] if event.xp_delta else []
            if round(event.gold_delta, 2):
                cost.append(f"{amount_text(-event.gold_delta)} gold")
            paid = f" It cost {' and '.join(cost)}." if cost else ""
            lines.append(f"You fainted at level {event.level}: HP refilled.{paid}")
    return lines


def closed_day_line(result: CommandResult) -> str:
    """One line about a day closed while opening: dailies done, outcome."""
    closed = next((r.event for r in result.events if isinstance(r.event, DayClosed)), None)
    if closed is None:
        return "Closed a day."
    if closed.judged == 0:  # as History words it: "0/0 dailies done" read like a fault
        text = f"Closed {day_text(closed.day)}: no dailies were due"
    else:
        judged = counted(closed.judged, "daily", "dailies")  # "1/1 daily done"
        text = f"Closed {day_text(closed.day)}: {closed.done}/{judged} done"
    if closed.perfect:
        text += ", a perfect day"
    outcome = outcome_text(result.events)
    fainted = "".join(f" {line}" for line in faint_text(result.events))
    return text + (f" ({outcome})" if outcome else "") + "." + fainted
