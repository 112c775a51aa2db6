"""How the game keeps its numbers: floats rounded to a fixed number of places (decision,
see docs/game-rules.md, "Numbers").

Every gold or HP value the domain stores or records is rounded to `DECIMALS` places
right after it is computed, a task value or a recorded strength to `VALUE_DECIMALS`, a
day's total of logged amounts to `AMOUNT_DECIMALS`; comparisons of such values (and of
amounts with a target) allow `TOLERANCE` for the binary rounding of a sum. XP is a whole
number and needs neither. The domain rounds only through this module (the rules' own
half-up rounding of what a player earns is `rules.levels.round_half_up`).
"""

from __future__ import annotations

DECIMALS = 2
"""Gold and HP are kept to hundredths."""

VALUE_DECIMALS = 4
"""Task values, their steps and the strength a miss records are kept to 4 places."""

AMOUNT_DECIMALS = 6
"""A day's total of logged amounts is kept to 6 places."""

TOLERANCE = 1e-9
"""How far apart two rounded sums may be and still count as equal."""


def hundredths(value: float) -> float:
    """`value` rounded to hundredths (Python's round: half to even on the binary value)."""
    return round(value, DECIMALS)


def hp_within(value: float, max_hp: float) -> float:
    """An HP value rounded to hundredths and kept within 0..max_hp."""
    return min(max_hp, max(0.0, round(value, DECIMALS)))


def ten_thousandths(value: float) -> float:
    """A task value (or a step of one, or a recorded strength) rounded to 4 places."""
    return round(value, VALUE_DECIMALS)


def amount_total(value: float) -> float:
    """A day's total of logged amounts rounded to 6 places."""
    return round(value, AMOUNT_DECIMALS)


def amount_text(value: float, *, signed: bool = False) -> str:
    """Gold, HP or an amount the one way the app writes them everywhere (history, the
    CLI, the window, refusals): at most two decimals, no trailing zeros: 0.97, 35.35, 2, +1.5."""
    if not abs(value) < 1e9:  # inf, nan or absurd: only logs from before amounts were checked
        return f"{value:+.3g}" if signed else f"{value:.3g}"
    rounded = round(value, 2) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = f"{rounded:+.2f}" if signed else f"{rounded:.2f}"
    return text.rstrip("0").rstrip(".")


def amount_of_text(done: float, target: float, unit: str, *, at_most: bool = False) -> str:
    """How much of a numeric target a day holds, the one way the app words it: "3 / 8
    glasses", "1 of at most 2 coffees", "2 / 1 spoon" (the unit agrees with the target,
    see `unit_for`; no unit: "3 / 8"); numbers as `amount_text`."""
    of = " of at most " if at_most else " / "
    return f"{amount_text(done)}{of}{amount_text(target)} {unit_for(target, unit)}".rstrip()


def counted(count: int, word: str, plural: str | None = None) -> str:
    """A count and its word agreeing, the one way the app counts things: "1 daily",
    "2 dailies", "1 event", "0 events" (`plural`: default `word + "s"`)."""
    return f"{count} {word if count == 1 else plural or word + 's'}"


def amount_with_unit(amount: float, unit: str) -> str:
    """An amount and the user's unit, agreeing: "1 spoon", "2 spoons", "0.5 glasses", "3"
    without a unit (see `unit_for`)."""
    return f"{amount_text(amount)} {unit_for(amount, unit)}".rstrip()


_VOWELS = frozenset("aeiouy")
_NOT_PLAIN_S = ("s", "x", "z", "ch", "sh", "o")
"""Endings whose English plural is not the word plus "s" (glass, box, inch, potato)."""
_NOT_PLAIN_PLURAL = ("ss", "us", "is", "ses", "xes", "zes", "ches", "shes", "oes", "ies")
"""Endings of words in "s" that are not a plain "s" plural (glass, bonus, glasses, cherries)."""


def _takes_plain_s(word: str) -> bool:
    """Whether `word` is a plain word whose plural is surely `word + "s"`: letters only,
    three or more, with a vowel, not in capitals (km, ml, KG are abbreviations: "2 km"),
    not ending in s, x, z, ch, sh, o or a consonant and y (box, potato, cherry)."""
    lower = word.lower()
    if not (word.isascii() and word.isalpha()) or len(word) < 3 or word.isupper():
        return False
    if not _VOWELS.intersection(lower) or lower.endswith(_NOT_PLAIN_S):
        return False
    return not (lower.endswith("y") and lower[-2] not in _VOWELS)


def unit_for(amount: float, unit: str) -> str:
    """The user's unit as it reads after `amount` (as `amount_text` writes it), the one
    rule for the app's words (docs/game-rules.md, "Units"): exactly 1 takes the singular,
    anything else the plural, and only a plain English "s" plural is ever made or undone.
    A unit typed singular gains an "s" when it surely takes one ("spoon": 2 spoons; "km",
    "glass", "box" stay as typed); a unit typed as a plain "s" plural loses it for 1
    ("spoons": 1 spoon; "glasses", "calories", "lbs" stay as typed). Anything else (two
    words, a symbol) is left exactly as typed: never a wrong plural."""
    unit = unit.strip()
    if not unit:
        return ""
    one = amount_text(amount) in ("1", "-1")
    lower = unit.lower()
    if lower.endswith("s"):
        singular = unit[:-1]
        if one and not lower.endswith(_NOT_PLAIN_PLURAL) and _takes_plain_s(singular):
            return singular
        return unit
    if not one and _takes_plain_s(unit):
        return unit + "s"
    return unit
