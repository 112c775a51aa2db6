from __future__ import annotations

from pathlib import Path

import pytest

from rpgmylife_desktop.application.device import (
    DeviceFileDamaged,
    ensure_device_id,
    read_device_id,
)


def test_device_id_is_created_once_outside_the_event_log(tmp_path: Path) -> None:
    assert read_device_id(tmp_path) is None
    first = ensure_device_id(tmp_path)
    assert (tmp_path / "device.json").is_file()
    assert not (tmp_path / "events").exists()
    assert ensure_device_id(tmp_path) == first
    assert read_device_id(tmp_path) == first
    assert [p.name for p in tmp_path.iterdir()] == ["device.json"]


def test_each_data_folder_has_its_own_device_id(tmp_path: Path) -> None:
    assert ensure_device_id(tmp_path / "a") != ensure_device_id(tmp_path / "b")


def test_a_damaged_device_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "device.json").write_text("{not json")
    with pytest.raises(DeviceFileDamaged, match=r"device\.json"):
        read_device_id(tmp_path)
