"""One command for every benchmark: ``python -m bench [store|game|sync|gui|package|all] [--quick]``.

A suite is a module with ``add_arguments(parser)`` and ``run(args) -> SuiteResult``.
To add one (the game benchmark, for example), write ``bench/game_bench.py`` and
add a line to ``SUITES``; ``all`` then runs it too.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from bench.report import RESULTS_DIR, SuiteResult, print_suite, write_json

#: Suite name -> module that measures it. Order is the order ``all`` runs them in.
SUITES: dict[str, str] = {
    "store": "bench.store_bench",
    "game": "bench.game_bench",
    "sync": "bench.sync_bench",
    "interop": "bench.interop_bench",
    "gui": "bench.gui_bench",
    "cli": "bench.cli_bench",
    "package": "bench.package_bench",
    "fold": "bench.fold_bench",
    "syncgui": "bench.sync_gui_bench",
}


def _suite_module(name: str) -> ModuleType:
    # Imported on demand so one suite's heavy dependencies never slow another.
    return importlib.import_module(SUITES[name])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark RPGMyLife Desktop against its peers and floors; prints a table.",
    )
    parser.add_argument(
        "suites",
        nargs="*",
        # Checked in main(): argparse rejects a list default when `choices` is set.
        default=["all"],
        metavar="SUITE",
        help=f"which benchmark to run: {', '.join(SUITES)} or all (default all)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes that finish in seconds (smoke test; the numbers mean nothing)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="parent of the scratch folder (default: the system temp folder); "
        "put it on the disk you want to measure",
    )
    parser.add_argument(
        "--results-dir",
        type=Path,
        default=RESULTS_DIR,
        help="where the JSON results go (default bench/results/)",
    )
    parser.add_argument("--seed", type=int, default=20261129, help="seed of the shuffled order")
    parser.add_argument(
        "--fail-on-target",
        action="store_true",
        help="exit with status 1 when any target fails",
    )
    for name in SUITES:
        _suite_module(name).add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(arguments)
    unknown = [name for name in args.suites if name not in (*SUITES, "all")]
    if unknown:
        parser.error(f"unknown suite {', '.join(unknown)}; choose from {', '.join(SUITES)}, all")
    names = list(SUITES) if "all" in args.suites else list(dict.fromkeys(args.suites))
    results: list[SuiteResult] = []
    for name in names:
        result = _suite_module(name).run(args)
        print_suite(result)
        sys.stdout.flush()
        results.append(result)
    path = write_json(results, ["python", "-m", "bench", *arguments], args.results_dir)
    print(f"\nresults written to {path}")
    failed = [target.name for result in results for target in result.targets if not target.passed]
    if failed and args.fail_on_target:
        print(f"targets failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
