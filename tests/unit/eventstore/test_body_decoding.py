"""Decoding the log's bodies with pydantic's JSON parser gives what `json.loads` gives.

The replay loop decodes a batch of bodies with one `decode_bodies` call (a cold open
decodes a million); these tests hold it to `json.loads`, value for value, type for type,
including the texts the faster parser refuses and the store reading them back."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.eventstore.reader import decode_bodies

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**200), max_value=2**200)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


def _same(a: Any, b: Any) -> bool:
    # repr tells -0.0 from 0.0, 1 from 1.0 and True from 1, and NaN equals NaN there.
    return repr(a) == repr(b)


@settings(max_examples=300, deadline=None)
@given(st.lists(_VALUES, max_size=8), st.booleans())
def test_a_batch_decodes_as_json_decodes_it(values: list[Any], ascii_only: bool) -> None:
    text = json.dumps(values, ensure_ascii=ascii_only, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )
    try:
        expected = json.loads(text)
    except ValueError as exc:  # raw surrogates are not UTF-8: both refuse
        with pytest.raises(ValueError):
            decode_bodies(text)
        assert isinstance(exc, UnicodeDecodeError)
        return
    assert _same(decode_bodies(text), expected)


@pytest.mark.parametrize(
    "text",
    [
        b'["\\ud800","\\udfff x"]',  # escaped lone surrogates: the fast parser refuses them
        b'{"a":1,"b":2,"a":3}',  # a key twice: the last value, at the first place
        b"[NaN,Infinity,-Infinity,1e400,-0.0,-0,5e-324]",
        b"[123456789012345678901234567890,-98765432109876543210]",
        b'["\\u0000","\\"","\\\\","\\/"]',
    ],
)
def test_texts_the_fast_parser_treats_apart(text: bytes) -> None:
    assert _same(decode_bodies(text), json.loads(text))


@pytest.mark.parametrize("text", [b"[1,", b'["\xff"]', b"[1] [2]", b""])
def test_what_is_not_json_is_refused_as_json_refuses_it(text: bytes) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        decode_bodies(text)
