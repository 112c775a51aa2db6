"""Packed columns inside the JSON-able data of `GameState.to_data` (snapshots).

A 20-year profile holds about a million habit logs; one Python object per log made a
snapshot take seconds to load and hundreds of MB to hold. The big per-log data is kept in
`array` columns instead, and saved as their raw bytes, which load at C speed.

Where the bytes go is up to the caller: with a `blobs` list, each column is appended to it
and the data holds its index (the projection snapshot writes the list as binary sections
after a small JSON header); without one, the bytes are inlined as base64 text, so
`to_data()` stays plain JSON. Nothing here can run code: a damaged or foreign column
raises ValueError and the caller rebuilds from the log.
"""

from __future__ import annotations

import base64
import binascii
from array import array
from collections.abc import Sequence
from typing import Any

Blobs = list[bytes]
"""Binary sections a snapshot stores beside its JSON header."""


def put_blob(data: bytes, blobs: Blobs | None) -> Any:
    """A reference to `data`: its index in `blobs`, or base64 text when there is no list."""
    if blobs is None:
        return base64.b64encode(data).decode("ascii")
    blobs.append(data)
    return len(blobs) - 1


def get_blob(ref: Any, blobs: Sequence[bytes] | None) -> bytes:
    """The bytes `put_blob` referred to (ValueError when the reference is not valid)."""
    if isinstance(ref, str):
        try:
            return base64.b64decode(ref, validate=True)
        except binascii.Error as exc:
            raise ValueError(f"damaged packed column: {exc}") from exc
    if type(ref) is not int or blobs is None or not 0 <= ref < len(blobs):
        raise ValueError(f"packed column reference {ref!r} does not exist")
    return blobs[ref]


def put_array(column: array[Any], blobs: Blobs | None) -> Any:
    """A column as `[typecode, reference]`."""
    return [column.typecode, put_blob(column.tobytes(), blobs)]


def get_array(ref: Any, typecode: str, blobs: Sequence[bytes] | None) -> array[Any]:
    """The column `put_array` saved; it must have the expected type code."""
    if not isinstance(ref, list) or len(ref) != 2 or ref[0] != typecode:
        raise ValueError(f"expected a packed {typecode!r} column, got {ref!r:.60}")
    column = array(typecode)
    column.frombytes(get_blob(ref[1], blobs))  # ValueError when not a whole number of items
    return column
