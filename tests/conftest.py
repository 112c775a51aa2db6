"""Test-wide setup. Qt must default to the offscreen platform before any Qt import."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never let a test touch the real per-user data folder or a fixed clock from the shell.
os.environ.pop("RPGMYLIFE_DATA_DIR", None)
os.environ.pop("RPGMYLIFE_NOW", None)
