from __future__ import annotations

import pytest

from rpgmylife_desktop.application.lookup import Ambiguous, NotFound, find_one

HABITS = [
    ("0193aaaa-1111", "Meditate"),
    ("0193bbbb-2222", "Read"),
    ("0193bbbc-3333", "Read aloud"),
    ("0193cccc-4444", "Meditate"),
]


def test_found_by_name_case_insensitively_or_by_id_prefix() -> None:
    assert find_one("habit", "read", HABITS) == "0193bbbb-2222"
    assert find_one("habit", "READ A", HABITS) == "0193bbbc-3333"
    assert find_one("habit", "0193cc", HABITS) == "0193cccc-4444"
    assert find_one("habit", "0193aaaa-1111", HABITS) == "0193aaaa-1111"
    assert find_one("habit", "aloud", HABITS) == "0193bbbc-3333"


def test_an_ambiguous_name_lists_the_candidates() -> None:
    with pytest.raises(Ambiguous) as caught:
        find_one("habit", "meditate", HABITS)
    assert caught.value.exit_code == 2
    assert "0193aaaa-1111" in str(caught.value) and "0193cccc-4444" in str(caught.value)
    assert len(caught.value.to_json()["candidates"]) == 2  # type: ignore[arg-type]


def test_an_unknown_name_is_a_usage_error() -> None:
    with pytest.raises(NotFound, match="no habit called 'swim'"):
        find_one("habit", "swim", HABITS)


def test_a_start_of_a_name_does_not_beat_a_part_of_another() -> None:
    habits = [("aaaa", "Water plants"), ("bbbb", "Drink water"), ("cccc", "Meditate")]
    with pytest.raises(Ambiguous) as caught:
        find_one("habit", "water", habits)
    assert {i for i, _ in caught.value.candidates} == {"aaaa", "bbbb"}
    assert find_one("habit", "drink", habits) == "bbbb"
    assert find_one("habit", "water p", habits) == "aaaa"


def test_an_unknown_name_offers_the_closest_ones() -> None:
    with pytest.raises(NotFound) as caught:
        find_one("habit", "meditat3", HABITS)
    assert "Did you mean 'Meditate'?" in str(caught.value)
    with pytest.raises(NotFound) as far:
        find_one("habit", "swim", HABITS)
    assert "Did you mean" not in str(far.value)
