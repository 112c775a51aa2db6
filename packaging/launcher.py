"""Entry script of the frozen app: both executables run the `rpgmylife` command.

With no arguments (a double-click) that opens the window; with arguments it is the
CLI, `--self-test` and `--version` included. A windowed executable on Windows has no
standard streams (`sys.stdout` is None), so they go to the null device there instead
of failing on the first print.
"""

import multiprocessing
import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

# The window fills in time-travel snapshots in a child process (spawned, so it runs
# this executable again): such a child runs its task here and exits instead of the app.
multiprocessing.freeze_support()

from rpgmylife_desktop.cli.main import main  # noqa: E402

sys.exit(main())
