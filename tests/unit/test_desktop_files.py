"""The Linux desktop integration files: one reverse-DNS id everywhere, a menu entry
that desktop tools accept, AppStream metainfo that validates, and icons that are
the SVG rendered at each size."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from rpgmylife_desktop import APP_ID, APP_NAME

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "resources" / "linux"
ICONS = ROOT / "resources" / "icons"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_menu_entry_uses_the_app_id_for_its_name_and_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    # install.sh puts the installed path in place of RPGMyLife; %f: a file to open.
    assert entry["Exec"] == "RPGMyLife %f"
    assert entry["MimeType"] == "application/x-rpgmylife-bundle;"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


def test_the_metainfo_names_the_menu_entry_and_the_release() -> None:
    text = (LINUX / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    assert f"<id>{APP_ID}</id>" in text
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in text
    from rpgmylife_desktop import __version__

    assert f'<release version="{__version__}"' in text, "add the release to the metainfo"


@pytest.mark.skipif(
    shutil.which("appstreamcli") is None,
    reason="appstreamcli is not installed (Debian package appstream; .ci/run installs it)",
)
def test_the_metainfo_validates_with_appstreamcli() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is not installed (Debian package desktop-file-utils)",
)
def test_the_menu_entry_validates_with_desktop_file_validate() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_committed_icons_are_the_svg_rendered_at_each_size(qapp: object) -> None:
    """Fails when the SVG changed and `python packaging/make_icons.py` was not run."""
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import make_icons
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    for size in make_icons.HICOLOR_SIZES:
        committed = QImage(str(ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        assert (committed.width(), committed.height()) == (size, size)
        fresh = QImage.fromData(make_icons.render_png(make_icons.SOURCE, size))
        differing = sum(
            1
            for y in range(size)
            for x in range(size)
            if abs(committed.pixel(x, y) - fresh.pixel(x, y)) > 0x030303
        )
        assert differing <= size * size // 50, f"{size}px icon is out of date"


def test_the_windows_and_macos_icons_hold_pngs_of_every_size() -> None:
    ico = (ICONS / "rpgmylife.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sides = [ico[6 + 16 * i] or 256 for i in range(count)]
    assert sides == [16, 24, 32, 48, 64, 128, 256]
    icns = (ICONS / "rpgmylife.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    kinds, offset = [], 8
    while offset < len(icns):
        kinds.append(icns[offset : offset + 4])
        assert icns[offset + 8 : offset + 16] == b"\x89PNG\r\n\x1a\n"
        offset += struct.unpack(">I", icns[offset + 4 : offset + 8])[0]
    assert b"ic10" in kinds and b"icp4" in kinds


def test_the_bundle_file_type_is_declared_and_opened_by_the_menu_entry() -> None:
    import xml.etree.ElementTree as ET

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot()
    kinds = root.findall("m:mime-type", ns)
    assert [k.get("type") for k in kinds] == ["application/x-rpgmylife-bundle"]
    assert [g.get("pattern") for g in kinds[0].findall("m:glob", ns)] == ["*.rpgbundle"]
    assert desktop_entry()["MimeType"].rstrip(";").split(";") == [kinds[0].get("type")]
