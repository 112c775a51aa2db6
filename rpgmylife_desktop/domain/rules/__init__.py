"""Versioned rule sets. Outcome events record the `rules_version` that computed them.

`rules_for(version)` returns that ruleset; `RULESET_VERSION` is the newest, the one a
new character starts on (`CharacterCreated.ruleset_version`). `DEFAULT_RULESET_VERSION`
is the ruleset of a log that never named one (every character created before v2), so an
old log folds to the same state. A new ruleset is a new module (v2.py, subclassing
RulesV1) beside the old ones, which stay.
"""

from __future__ import annotations

from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.rules.v1 import RULES as V1
from rpgmylife_desktop.domain.rules.v1 import RulesV1
from rpgmylife_desktop.domain.rules.v2 import RULES as V2

RULESET_VERSION = 2
DEFAULT_RULESET_VERSION = 1
RULESETS: dict[int, RulesV1] = {1: V1, 2: V2}
CHANGES: dict[int, str] = {2: "every positive log earns at least 1 XP"}
"""What each ruleset changed from the one before, in a person's words."""

__all__ = [
    "CHANGES",
    "DEFAULT_RULESET_VERSION",
    "RULESETS",
    "RULESET_VERSION",
    "RulesV1",
    "rules_for",
]


def rules_for(version: int) -> RulesV1:
    """The ruleset for `version` (refused when this app does not know it)."""
    try:
        return RULESETS[version]
    except KeyError:
        raise CommandRefused(
            f"Ruleset version {version} is not known to this version of RPGMyLife.",
            hint=f"Known rulesets: {', '.join(map(str, sorted(RULESETS)))}.",
        ) from None
