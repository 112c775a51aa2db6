"""What habits, quests, goals and rewards share as the fold holds them: settings that an
`*Edited` event changes, carried as JSON values (`old` and `new`) per field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import JsonValue, TypeAdapter


class Editable:
    """Mixin of a fold entity with editable settings; the class names them in
    `EDITABLE_FIELDS`, each with how to read and write its JSON value."""

    __slots__ = ()

    EDITABLE_FIELDS: ClassVar[Mapping[str, TypeAdapter[Any]]]

    def field_json(self, name: str) -> JsonValue:
        """The JSON value of an editable field (the `old` side of an `*Edited` event)."""
        value: JsonValue = self.EDITABLE_FIELDS[name].dump_python(getattr(self, name), mode="json")
        return value

    def set_fields(self, values: Mapping[str, JsonValue]) -> None:
        """Apply the `new` side of an `*Edited` event."""
        fields = self.EDITABLE_FIELDS
        for name, raw in values.items():
            if name in fields:  # a field from a newer version is ignored
                setattr(self, name, fields[name].validate_python(raw))

    def changes(
        self, wanted: Mapping[str, object]
    ) -> tuple[dict[str, JsonValue], dict[str, JsonValue]]:
        """The (old, new) JSON values of the fields in `wanted` whose value would change:
        what an `*Edited` event carries (both empty when nothing changes)."""
        old: dict[str, JsonValue] = {}
        new: dict[str, JsonValue] = {}
        for name, value in wanted.items():
            encoded = self.EDITABLE_FIELDS[name].dump_python(value, mode="json")
            if encoded != self.field_json(name):
                old[name], new[name] = self.field_json(name), encoded
        return old, new


def shelf_data(archived: bool, deleted: bool) -> dict[str, bool]:
    """The archived and deleted flags of a quest, goal or reward for the state digest and
    snapshots, only when set: the digest of an item never archived or deleted stays what
    it was before items could be."""
    return {name: True for name, flag in (("archived", archived), ("deleted", deleted)) if flag}
