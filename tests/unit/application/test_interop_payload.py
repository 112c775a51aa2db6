"""An import writes each log's payload from its fields (`source_plan._payload`) instead of
pydantic's dump: the dict, its key order and so the bytes in the log must be the dump's,
for every value a log can hold."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from rpgmylife_desktop.application.source_plan import _payload
from rpgmylife_desktop.domain import events as ev

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@given(
    habit_id=st.text(min_size=1, max_size=40),
    direction=st.sampled_from(["up", "down"]),
    amount=st.none() | st.floats(allow_nan=False) | st.integers(-(10**6), 10**6),
    note=st.text(max_size=40),
    backfilled=st.booleans(),
    day=st.dates(min_value=date(1970, 1, 1)),
    xp=st.integers(-(10**9), 10**9),
    gold=finite,
    hp=finite,
    value=finite,
    critical=st.booleans(),
    multiplier=finite,
    rules_version=st.integers(1, 3),
)
def test_a_logs_payload_is_pydantics_dump(
    habit_id: str,
    direction: str,
    amount: float | None,
    note: str,
    backfilled: bool,
    day: date,
    xp: int,
    gold: float,
    hp: float,
    value: float,
    critical: bool,
    multiplier: float,
    rules_version: int,
) -> None:
    logged = ev.HabitLogged(
        habit_id=habit_id,
        direction=direction,  # type: ignore[arg-type]
        amount=amount,
        note=note,
        backfilled=backfilled,
        day=day,
        xp_delta=xp,
        gold_delta=gold,
        hp_delta=hp,
        value_delta=value,
        critical=critical,
        critical_multiplier=multiplier,
        rules_version=rules_version,
    )
    fast, dumped = _payload(logged), logged.payload()
    assert list(fast.items()) == list(dumped.items())
    assert [type(v) for v in fast.values()] == [type(v) for v in dumped.values()]
    assert json.dumps(fast) == json.dumps(dumped)


def test_other_events_keep_pydantics_dump() -> None:
    added = ev.RewardAdded(reward_id="r1", title="Cake", price=5)
    assert _payload(added) == added.payload()
