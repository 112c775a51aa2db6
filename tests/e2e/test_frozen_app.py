"""The double-click build: `python packaging/build.py` makes the Linux app, whose frozen
executables pass `--self-test` and `--version`, install under ~/.local, and open the
real window under Xvfb on a demo profile (a screenshot is saved for a person to see).

Builds once per run (about 1-2 minutes on 2 cores); select or skip it with
`-m frozen` / `-m "not frozen"`.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from bench.package_bench import app_window_shown, start_xvfb
from rpgmylife_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "build" / "screenshots" / "frozen-linux.png"
"""Kept after the run (build/ is not committed) so a person can look at it."""
MB = 1_000_000

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="only the Linux app is built here"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built one-folder app (`dist/RPGMyLife`), with the archive beside it."""
    if importlib.util.find_spec("PyInstaller") is None:
        message = "PyInstaller is missing: pip install -e '.[packaging]'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    dist = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("work")
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", dist, "--work", work],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    print(result.stdout)
    return dist / "RPGMyLife"


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "RPGMYLIFE", "QT_")) and k not in ("DISPLAY", "VIRTUAL_ENV")
    }
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"  # not the venv: the build stands alone
    env.update(extra)
    return env


def run(*argv: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_frozen_app_passes_its_self_test_and_knows_its_version(
    built: Path, tmp_path: Path
) -> None:
    checked = run(built / "rpgmylife", "--self-test", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("\nok    ") == 6
    assert checked.stdout.rstrip().endswith("self-test passed")
    for executable in ("rpgmylife", "RPGMyLife"):
        version = run(built / executable, "--version", cwd=tmp_path)
        assert version.returncode == 0, version.stderr
        assert version.stdout.strip() == f"rpgmylife {__version__}"


def test_the_build_and_its_archive_stay_within_their_sizes(built: Path) -> None:
    size = sum(p.lstat().st_size for p in built.rglob("*") if p.is_file() or p.is_symlink())
    (archive,) = built.parent.glob(f"RPGMyLife-{__version__}-linux-*.tar.gz")
    assert size < 150 * MB, f"the build is {size / MB:.1f} MB (target < 150 MB)"
    assert archive.stat().st_size < 60 * MB, f"{archive.stat().st_size / MB:.1f} MB (< 60 MB)"
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    for needed in ("RPGMyLife/RPGMyLife", "RPGMyLife/rpgmylife", "RPGMyLife/install.sh"):
        assert needed in names
    # Left out on purpose: translations, QML, other bindings (packaging/README.md).
    internal = built / "_internal"
    assert not list(internal.rglob("translations"))
    assert not list(internal.rglob("libQt6Qml*")) and not list(internal.rglob("libQt6Pdf*"))
    assert (internal / "rpgmylife_desktop" / "resources" / "icons" / "rpgmylife.svg").is_file()


def test_the_installed_build_runs_from_local_bin(built: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    installed = run("sh", built / "install.sh", cwd=tmp_path, HOME=str(home))
    assert installed.returncode == 0, installed.stderr
    version = run(home / ".local" / "bin" / "rpgmylife", "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"rpgmylife {__version__}"
    removed = run("sh", home / ".local" / "lib" / "RPGMyLife" / "uninstall.sh", cwd=tmp_path,
                  HOME=str(home))  # fmt: skip
    assert removed.returncode == 0, removed.stderr
    assert not (home / ".local").exists()


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A private X server; yields its DISPLAY."""
    if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        pytest.skip("Xvfb and xwininfo (x11-utils) are needed; .ci/run installs them")
    server, display = start_xvfb()
    try:
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_frozen_window_opens_under_xvfb_on_a_demo_profile(
    built: Path, tmp_path: Path, xvfb: str
) -> None:
    if shutil.which("xwininfo") is None or shutil.which("import") is None:
        pytest.skip("xwininfo (x11-utils) and import (imagemagick) are needed; .ci/run has them")
    data = tmp_path / "data"
    now = {"RPGMYLIFE_NOW": "2026-11-02T08:00", "TZ": "Europe/Paris"}
    demo = run(built / "rpgmylife", "--data-dir", data, "demo", cwd=tmp_path, **now)
    assert demo.returncode == 0, demo.stderr
    app = subprocess.Popen(
        [built / "RPGMyLife", "--data-dir", data],
        cwd=tmp_path,
        env=clean_env(DISPLAY=xvfb, QT_QPA_PLATFORM="xcb", HOME=str(tmp_path), **now),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not app_window_shown(xvfb):
            assert app.poll() is None, f"the app exited: {app.communicate()}"
            assert time.monotonic() < deadline, "no RPGMyLife window after 60 s"
            time.sleep(0.2)
        time.sleep(1.5)  # let it paint
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shot = subprocess.run(
            ["import", "-window", "root", str(SCREENSHOT)],
            env=dict(os.environ, DISPLAY=xvfb),
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert shot.returncode == 0, shot.stderr
        assert app.poll() is None, "the app died while on screen"
    finally:
        app.terminate()
        app.communicate(timeout=20)
    image = QImage(str(SCREENSHOT))
    assert (image.width(), image.height()) == (1280, 800)
    # A window was drawn: the screen is not one flat colour.
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 20, "the screenshot is blank"


def test_the_package_benchmark_measures_the_build_side_by_side(built: Path, tmp_path: Path) -> None:
    """`python -m bench package --quick` on this build: every row printed, JSON written
    (the numbers themselves are for the README, not asserted here)."""
    if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        pytest.skip("Xvfb and xwininfo (x11-utils) are needed; .ci/run has them")
    from bench.package_bench import TARGETS

    result = subprocess.run(
        [sys.executable, "-m", "bench", "package", "--quick", "--package-build", built,
         "--work-dir", tmp_path, "--results-dir", tmp_path / "results"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    for row in TARGETS[:4]:
        assert row in result.stdout, f"no row for {row}"
    assert "start to window, frozen:" in result.stdout
    assert list((tmp_path / "results").glob("package-*.json"))
