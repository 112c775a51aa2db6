"""Build the double-click app: `python packaging/build.py`.

Runs PyInstaller on `packaging/rpgmylife.spec` (one folder, a windowed and a console
executable), adds the platform's install scripts, packs the release archive and
prints the sizes with the largest parts. Needs the `packaging` extra
(`pip install -e '.[packaging]'`). Output: `dist/RPGMyLife/` and
`dist/RPGMyLife-<version>-<os>-<arch>.tar.gz` (`.zip` on Windows and macOS).

This folder is deliberately not a Python package (no `__init__.py`): at the
repository root a package named `packaging` would shadow the library of that name
that pip, setuptools and pytest import.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "rpgmylife.spec"
APP_NAME = "RPGMyLife"
MB = 1_000_000


def version() -> str:
    text = (ROOT / "rpgmylife_desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    assert found is not None, "rpgmylife_desktop/__init__.py has no __version__"
    return found.group(1)


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"{system}-{machine}"


def folder_size(folder: Path) -> int:
    """Bytes of every file under `folder` (links counted once, not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def largest_parts(folder: Path, count: int = 12) -> list[tuple[str, int]]:
    """The biggest files and plugin folders, as (path inside the build, bytes)."""
    sizes: dict[str, int] = {}
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(folder)
        parts = relative.parts
        # A plugin folder counts as one part; any other file counts alone.
        key = (
            str(Path(*parts[: parts.index("plugins") + 2]))
            if "plugins" in parts[:-1] and len(parts) > parts.index("plugins") + 2
            else str(relative)
        )
        sizes[key] = sizes.get(key, 0) + path.stat().st_size
    return sorted(sizes.items(), key=lambda item: -item[1])[:count]


def run_pyinstaller(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; returns the one-folder app."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    # Run from the work folder: from the repository root, `packaging/` would sit first on
    # sys.path, next to the library of the same name that PyInstaller imports.
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH="1700000000")
    subprocess.run(command, cwd=work, env=env, check=True)
    app = dist / APP_NAME
    if sys.platform == "linux":
        for script in ("install.sh", "uninstall.sh"):
            shutil.copy2(PACKAGING / "linux" / script, app / script)
    return app


def make_archive(app: Path, dist: Path) -> Path:
    """Pack the build into the release archive: tar.gz on Linux, zip elsewhere."""
    stem = f"{APP_NAME}-{version()}-{platform_tag()}"
    if sys.platform == "darwin" and (dist / f"{APP_NAME}.app").is_dir():
        app = dist / f"{APP_NAME}.app"
    if sys.platform == "linux":
        archive = dist / f"{stem}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=9) as tar:
            tar.add(app, arcname=APP_NAME)
        return archive
    archive = dist / f"{stem}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for path in sorted(app.rglob("*")):
            zipped.write(path, Path(app.name) / path.relative_to(app))
    return archive


def report(app: Path, archive: Path | None, seconds: float) -> str:
    lines = [
        f"built {app} in {seconds:.0f} s",
        f"  folder:  {folder_size(app) / MB:.1f} MB",
    ]
    if archive is not None:
        lines.append(f"  archive: {archive.stat().st_size / MB:.1f} MB  {archive.name}")
    lines.append("  largest parts:")
    lines.extend(f"    {size / MB:6.1f} MB  {name}" for name, size in largest_parts(app))
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python packaging/build.py", description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's cache"
    )
    parser.add_argument("--no-archive", action="store_true", help="skip the release archive")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.perf_counter()
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print(
            "PyInstaller is missing: install the packaging extra with "
            "`pip install -e '.[packaging]'`, then run this again.",
            file=sys.stderr,
        )
        return 2
    dist = args.dist.resolve()
    app = run_pyinstaller(dist, args.work.resolve())
    archive = None if args.no_archive else make_archive(app, dist)
    print(report(app, archive, time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
