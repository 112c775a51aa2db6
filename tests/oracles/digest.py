"""The state digest recomputed straight from the domain's `GameState`.

`projections.projection_set.state_digest` hashes what the read models' `canonical()`
forms say; this oracle walks the `GameState` itself, normalises floats its own way and
hashes the result, so a read model that drops, renames or mis-reads a part of the state,
or a change to the canonical text, makes the two differ.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from rpgmylife_desktop.domain.state import GameState


def _normalised(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return repr(value)
        value = round(value, 6)
        return 0.0 if value == 0 else value
    if isinstance(value, dict):
        return {str(k): _normalised(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalised(v) for v in value]
    return value


def state_parts(state: GameState) -> dict[str, Any]:
    """What the digest covers, by read model name: the character and its settings,
    habits, quests, goals, rewards (each by id) and the per-day statistics."""
    return {
        "character": {
            "character": None if state.character is None else state.character.canonical(),
            "settings": state.settings.to_data(),
        },
        "habits": {k: state.habits[k].canonical() for k in sorted(state.habits)},
        "quests": {k: state.quests[k].canonical() for k in sorted(state.quests)},
        "goals": {k: state.goals[k].canonical() for k in sorted(state.goals)},
        "rewards": {k: state.rewards[k].canonical() for k in sorted(state.rewards)},
        "days": {
            "days": {d.isoformat(): s.to_data() for d, s in sorted(state.days.items())},
            "closed_days": {
                d.isoformat(): c.to_data() for d, c in sorted(state.closed_days.items())
            },
        },
    }


def expected_state_digest(state: GameState) -> str:
    """SHA-256 hex of the normalised parts, as sorted compact JSON."""
    text = json.dumps(
        _normalised(state_parts(state)), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def domain_digest(state: GameState) -> str:
    """SHA-256 hex of the domain's whole canonical state (character, settings, habits,
    quests, goals, rewards, closed days, day statistics; floats as they are): equal
    exactly when two states are. The domain tests compare states with it."""
    data = state_parts(state)
    canonical = {
        "character": data["character"]["character"],
        "settings": data["character"]["settings"],
        "habits": data["habits"],
        "quests": data["quests"],
        "goals": data["goals"],
        "rewards": data["rewards"],
        "closed_days": data["days"]["closed_days"],
        "days": data["days"]["days"],
    }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
