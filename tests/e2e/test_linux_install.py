"""packaging/linux/install.sh and uninstall.sh, run for real on a build folder with a
temporary HOME: install puts the app, its command, menu entry, icons and metainfo
under ~/.local; uninstall removes exactly what install added, nothing the person had."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rpgmylife_desktop import APP_ID

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the Linux install scripts")


def fake_build(where: Path) -> Path:
    """A build folder laid out like `dist/RPGMyLife` (the real scripts and resources;
    the executables are tiny shell scripts, the frozen test runs the real ones)."""
    app = where / "RPGMyLife"
    resources = app / "_internal" / "rpgmylife_desktop" / "resources"
    shutil.copytree(ROOT / "resources", resources)
    for name, says in (("RPGMyLife", "window"), ("rpgmylife", "rpgmylife 0.1.0")):
        (app / name).write_text(f'#!/bin/sh\necho "{says}"\n')
        (app / name).chmod(0o755)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(ROOT / "packaging" / "linux" / script, app / script)
    return app


def tree(home: Path) -> dict[str, str]:
    """Every path under `home` with what it is (and a file's bytes, a link's target)."""
    found: dict[str, str] = {}
    for path in sorted(home.rglob("*")):
        key = str(path.relative_to(home))
        if path.is_symlink():
            found[key] = f"link -> {os.readlink(path)}"
        elif path.is_dir():
            found[key] = "dir"
        else:
            found[key] = path.read_bytes().decode("utf-8", "replace")
    return found


def run(script: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    return subprocess.run(
        ["sh", str(script)], env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home that already has a .local with the person's own things in it."""
    home = tmp_path / "home"
    (home / ".local" / "share" / "applications").mkdir(parents=True)
    (home / ".local" / "share" / "applications" / "editor.desktop").write_text("[Desktop Entry]\n")
    (home / ".local" / "share" / "RPGMyLife" / "events").mkdir(parents=True)
    (home / ".local" / "share" / "RPGMyLife" / "events" / "events.log").write_bytes(b"game")
    (home / ".local" / "bin").mkdir()
    (home / ".local" / "bin" / "tool").write_text("#!/bin/sh\n")
    return home


def test_install_adds_the_app_to_local_and_uninstall_removes_exactly_that(
    tmp_path: Path, home: Path
) -> None:
    app = fake_build(tmp_path / "unpacked")
    before = tree(home)

    installed = run(app / "install.sh", home)
    assert installed.returncode == 0, installed.stderr
    local = home / ".local"
    target = local / "lib" / "RPGMyLife"
    assert (target / "RPGMyLife").is_file() and (target / "_internal").is_dir()
    command = local / "bin" / "rpgmylife"
    assert subprocess.run([command], capture_output=True, text=True).stdout == "rpgmylife 0.1.0\n"

    entry = (local / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    assert f'Exec="{target}/RPGMyLife" %f' in entry.splitlines()
    mime = local / "share" / "mime" / "packages" / f"{APP_ID}.xml"
    assert "*.rpgbundle" in mime.read_text()
    assert f"Icon={APP_ID}" in entry.splitlines()
    hicolor = local / "share" / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert (hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file(), size
    assert (local / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    # The person's own files are as they were.
    after = tree(home)
    assert {key: after[key] for key in before} == before

    # Installing again upgrades in place: the same files, nothing doubled.
    again = run(app / "install.sh", home)
    assert again.returncode == 0, again.stderr
    assert "Removing the RPGMyLife installed before" in again.stdout
    assert tree(home).keys() == after.keys()

    removed = run(target / "uninstall.sh", home)
    assert removed.returncode == 0, removed.stderr
    assert tree(home) == before


def test_uninstall_keeps_what_the_person_added_beside_the_installed_files(
    tmp_path: Path, home: Path
) -> None:
    app = fake_build(tmp_path / "unpacked")
    assert run(app / "install.sh", home).returncode == 0
    theirs = home / ".local" / "share" / "icons" / "hicolor" / "48x48" / "apps" / "theirs.png"
    theirs.write_bytes(b"png")
    assert run(home / ".local" / "lib" / "RPGMyLife" / "uninstall.sh", home).returncode == 0
    assert theirs.read_bytes() == b"png"
    assert not (home / ".local" / "lib" / "RPGMyLife").exists()
    assert not (theirs.parent / f"{APP_ID}.png").exists()


def test_install_refuses_a_folder_it_did_not_make_and_changes_nothing(
    tmp_path: Path, home: Path
) -> None:
    app = fake_build(tmp_path / "unpacked")
    (home / ".local" / "lib" / "RPGMyLife").mkdir(parents=True)
    (home / ".local" / "lib" / "RPGMyLife" / "notes.txt").write_text("mine")
    before = tree(home)
    refused = run(app / "install.sh", home)
    assert refused.returncode == 1
    assert "was not installed by this script" in refused.stderr
    assert tree(home) == before


def test_uninstall_without_an_install_says_so(home: Path) -> None:
    before = tree(home)
    refused = run(ROOT / "packaging" / "linux" / "uninstall.sh", home)
    assert refused.returncode == 1
    assert "not installed" in refused.stderr
    assert tree(home) == before
