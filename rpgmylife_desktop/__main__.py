"""`python -m rpgmylife_desktop`: the same as the `rpgmylife` command."""

import sys

from rpgmylife_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
