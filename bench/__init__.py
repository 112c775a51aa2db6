"""Benchmarks that measure RPGMyLife Desktop against its peers and physical floors.

Run everything with one command, ``python -m bench`` (see ``bench/__main__.py``).
Each suite (``store`` today, ``game`` later) is a module with a ``run(options)``
function that returns a :class:`bench.report.SuiteResult`; ``report.py`` prints
it as a table and writes it as JSON to ``bench/results/``.
"""
