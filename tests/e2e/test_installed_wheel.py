"""Installed as a Python package: the sdist rebuilds a wheel that carries its resources,
and that wheel, installed into a fresh venv and run from another folder, passes
`rpgmylife --self-test` (before, the icon stayed behind in the checkout)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _fresh_venv(where: Path) -> Path:
    """A venv with nothing of ours in it. Its dependencies (Qt, pydantic, ...) are this
    interpreter's, reached through a .pth line: a plain path there does not run the
    .pth files beside it, so the editable install of the checkout stays invisible."""
    _run(sys.executable, "-m", "venv", "--without-pip", where, cwd=where.parent)
    python = where / "bin" / "python"
    site = _run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=where
    )
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site.strip()) / "dependencies.pth").write_text("\n".join(sorted(deps)) + "\n")
    return python


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "RPGMYLIFE"))}
    env.pop("QT_QPA_PLATFORM", None)  # the self-test picks offscreen by itself
    return env


def test_the_sdist_rebuilds_a_wheel_that_runs_from_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "build", "--sdist", "--outdir", dist, ROOT, cwd=tmp_path)
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    # Everything needed to rebuild: the wheel's inputs and the double-click build's.
    for needed in (
        "setup.py",
        "pyproject.toml",
        "resources/icons/rpgmylife.svg",
        "rpgmylife_desktop/ui/resources.py",
        "tests/conftest.py",
        "packaging/rpgmylife.spec",
        "packaging/build.py",
        "packaging/linux/install.sh",
        "resources/linux/io.github.rpgmylife.RPGMyLife.desktop",
    ):
        assert needed in names, f"{needed} is not in the sdist"

    # The wheel is built from the sdist, not the checkout: what the sdist lacks, it lacks.
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, sdist, cwd=tmp_path)
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "rpgmylife_desktop/resources/icons/rpgmylife.svg" in archive.namelist()

    venv = tmp_path / "venv"
    python = _fresh_venv(venv)
    _run(
        sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
        "--no-index", wheel, cwd=tmp_path,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _clean_env()
    found = _run(
        python,
        "-c",
        "import rpgmylife_desktop.ui.resources as r; print(r.__file__); print(r.icon_path())",
        cwd=elsewhere,
        env=env,
    ).split()
    assert all(Path(line).is_relative_to(venv) for line in found), found

    passed = subprocess.run(
        [venv / "bin" / "rpgmylife", "--self-test"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "ok    the app icon is found and renders" in passed.stdout
    assert passed.stdout.rstrip().endswith("self-test passed")

    # The same installed copy without its icon fails, and says why.
    Path(found[1]).unlink()
    failed = subprocess.run(
        [venv / "bin" / "rpgmylife", "--self-test"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "self-test failed: the app icon is found and renders" in failed.stderr
    assert "rpgmylife.svg is missing" in failed.stderr
