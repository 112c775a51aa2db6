"""Render the app icon's PNG sizes, `.ico` and `.icns` from its SVG, with Qt.

    python packaging/make_icons.py            # rewrite the committed files
    python packaging/make_icons.py --out DIR  # write them under DIR instead

The SVG (`resources/icons/rpgmylife.svg`) is the one source; the results are
committed so that a build needs no renderer. Outputs, under `resources/icons/`:

- `hicolor/<N>x<N>/apps/<app id>.png` for the Linux icon theme (install.sh copies
  them to `~/.local/share/icons/hicolor/`),
- `rpgmylife.ico` (Windows; PNG-compressed entries, which Windows Vista and later
  read) and `rpgmylife.icns` (macOS; PNG entries of 16 to 1024 px).

Both container formats are a short header and a table of PNGs, written here by
hand: Qt's image writers store one image per file.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "rpgmylife.svg"
APP_ID = "io.github.rpgmylife.RPGMyLife"

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types holding PNG data, with their pixel sizes (the @2x ones double).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent `size` x `size` square, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG Qt can read")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file: ICONDIR, one ICONDIRENTRY per size, then the PNGs."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns', total length, then (type, length, PNG) entries."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(out: Path, svg: Path = SOURCE) -> list[Path]:
    """Write every derived icon under `out` (laid out like `resources/icons/`)."""
    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: render_png(svg, size) for size in sizes}
    written: list[Path] = []
    for size in HICOLOR_SIZES:
        path = out / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
        written.append(path)
    (out / "rpgmylife.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (out / "rpgmylife.icns").write_bytes(icns_bytes(pngs))
    written += [out / "rpgmylife.ico", out / "rpgmylife.icns"]
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python packaging/make_icons.py", description=__doc__)
    parser.add_argument("--out", type=Path, default=ICONS, help="folder to write into")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    for path in write_icons(args.out):
        print(path)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
