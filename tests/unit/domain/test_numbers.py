"""The domain keeps its numbers one way (`domain/numbers.py`, docs/game-rules.md
"Numbers"): the helpers round as the events have always recorded, and no other domain
module rounds to a literal number of places or spells out its own tolerance."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

from rpgmylife_desktop.domain import numbers
from rpgmylife_desktop.domain.numbers import amount_of_text, amount_with_unit, counted, unit_for

DOMAIN = Path(numbers.__file__).parent


@pytest.mark.parametrize(
    ("helper", "value", "expected"),
    [
        (numbers.hundredths, 2.675, 2.67),  # the binary value of 2.675 lies below it
        (numbers.hundredths, -0.125, -0.12),  # half to even
        (numbers.ten_thousandths, 21.26999, 21.27),
        (numbers.ten_thousandths, 0.1 + 0.2, 0.3),
        (numbers.amount_total, 0.1 + 0.2, 0.3),
        (numbers.amount_total, 1.0000004, 1.0),
    ],
)
def test_the_helpers_round_as_recorded_events_do(
    helper: Callable[[float], float], value: float, expected: float
) -> None:
    assert helper(value) == expected


def test_hp_is_rounded_and_kept_within_its_range() -> None:
    assert numbers.hp_within(50.004, 50.0) == 50.0
    assert numbers.hp_within(-0.001, 50.0) == 0.0
    assert numbers.hp_within(12.3456, 50.0) == 12.35


def _offences(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "round"
            and len(node.args) == 2
            and isinstance(node.args[1], ast.Constant)
        ):
            found.append(f"round(..., {node.args[1].value!r}) on line {node.lineno}")
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            tiny = 0 < abs(node.value) < 1e-6
            if tiny:
                found.append(f"tolerance {node.value} on line {node.lineno}")
    return found


def test_no_domain_module_rounds_or_tolerates_on_its_own() -> None:
    offences = {
        str(path.relative_to(DOMAIN)): found
        for path in sorted(DOMAIN.rglob("*.py"))
        if path.name != "numbers.py" and (found := _offences(path.read_text(encoding="utf-8")))
    }
    assert offences == {}


def test_the_check_finds_a_literal_rounding_and_tolerance() -> None:
    assert _offences("x = round(y, 2)\nok = abs(z) < 1e-9\n") == [
        "round(..., 2) on line 1",
        "tolerance 1e-09 on line 2",
    ]


@pytest.mark.parametrize(
    ("unit", "one", "two"),
    [
        ("spoon", "spoon", "spoons"),
        ("spoons", "spoon", "spoons"),
        ("Minutes", "Minute", "Minutes"),
        ("cup", "cup", "cups"),
        ("day", "day", "days"),
        ("glasses", "glasses", "glasses"),  # not a plain "s" plural: left as typed
        ("glass", "glass", "glass"),
        ("box", "box", "box"),
        ("cherry", "cherry", "cherry"),
        ("calories", "calories", "calories"),
        ("bonus", "bonus", "bonus"),
        ("km", "km", "km"),
        ("kms", "kms", "kms"),
        ("lbs", "lbs", "lbs"),
        ("KG", "KG", "KG"),
        ("push-ups", "push-ups", "push-ups"),
        ("cups of tea", "cups of tea", "cups of tea"),
        ("", "", ""),
    ],
)
def test_a_unit_agrees_with_its_amount_only_by_a_plain_s(unit: str, one: str, two: str) -> None:
    assert unit_for(1, unit) == one
    assert unit_for(1.0001, unit) == one  # written "1"
    assert unit_for(2, unit) == two
    assert unit_for(0, unit) == two
    assert unit_for(0.5, unit) == two


def test_amounts_with_units_read_as_the_app_writes_them() -> None:
    assert amount_with_unit(1, "spoons") == "1 spoon"
    assert amount_with_unit(2.5, "spoon") == "2.5 spoons"
    assert amount_with_unit(3, "") == "3"
    assert amount_of_text(2, 1, "spoons") == "2 / 1 spoon"
    assert amount_of_text(0, 8, "glass") == "0 / 8 glass"
    assert amount_of_text(1, 2, "coffee", at_most=True) == "1 of at most 2 coffees"


def test_a_count_and_its_word_agree() -> None:
    assert counted(1, "daily", "dailies") == "1 daily"
    assert counted(0, "daily", "dailies") == "0 dailies"
    assert counted(1, "event") == "1 event"
    assert counted(4070, "event") == "4070 events"
