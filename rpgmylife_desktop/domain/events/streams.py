"""Stream names: one stream per aggregate instance.

`character`, `settings`, `commands` (undo/redo markers), `habit-<id>`, `quest-<id>`,
`goal-<id>`, `reward-<id>` and `day-<YYYY-MM-DD>` (DayClosed lives there, so closing the
same day twice is also caught by optimistic concurrency).
"""

from __future__ import annotations

from datetime import date

CHARACTER = "character"
SETTINGS = "settings"
COMMANDS = "commands"


def habit_stream(habit_id: str) -> str:
    """The stream of one habit."""
    return f"habit-{habit_id}"


def quest_stream(quest_id: str) -> str:
    """The stream of one quest."""
    return f"quest-{quest_id}"


def goal_stream(goal_id: str) -> str:
    """The stream of one goal."""
    return f"goal-{goal_id}"


def reward_stream(reward_id: str) -> str:
    """The stream of one reward."""
    return f"reward-{reward_id}"


def day_stream(day: date) -> str:
    """The stream of one local day (holds its DayClosed)."""
    return f"day-{day.isoformat()}"
