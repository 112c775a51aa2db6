"""The ids an import derives are its idempotency keys: a second import (by any later
version) must derive the very same ids, or it would add everything again."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from rpgmylife_desktop.interop.source import derived_uuid, source_id


@given(namespace=st.text(max_size=40), name=st.text(max_size=80))
def test_a_derived_id_is_the_version_5_uuid_of_its_sha1(namespace: str, name: str) -> None:
    digest = hashlib.sha1(f"{namespace}\x1e{name}".encode(), usedforsecurity=False).digest()
    assert derived_uuid(namespace, name) == str(uuid.UUID(bytes=digest[:16], version=5))


def test_source_ids_stay_what_earlier_imports_wrote() -> None:
    # Written by the imports of earlier versions: they must never change.
    assert source_id("loop", "done", "uuid-1", date(2020, 1, 1), 0) == (
        "4e311267-0522-5ed7-9b9a-32b7da24f104"
    )
    assert derived_uuid("a", "b") == "a1f74625-d709-5944-944a-2530030fbd09"
