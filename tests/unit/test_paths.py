from __future__ import annotations

from pathlib import Path

from rpgmylife_desktop.application.paths import resolve_paths


def test_explicit_data_dir_keeps_cache_inside(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "mine", environ={})
    assert paths.data_dir == tmp_path / "mine"
    assert paths.cache_dir == tmp_path / "mine" / "cache"
    assert paths.events_dir == tmp_path / "mine" / "events"
    assert paths.quarantine_dir == tmp_path / "mine" / "quarantine"


def test_environment_variable_overrides_default(tmp_path: Path) -> None:
    paths = resolve_paths(None, environ={"RPGMYLIFE_DATA_DIR": str(tmp_path)})
    assert paths.data_dir == tmp_path


def test_default_is_per_user_and_creates_nothing(tmp_path: Path) -> None:
    paths = resolve_paths(None, environ={})
    assert "RPGMyLife" in str(paths.data_dir)
    assert paths.cache_dir != paths.data_dir / "cache"
