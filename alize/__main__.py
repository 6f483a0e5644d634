"""`python -m alize`: the command line, with the benchmark wired in from tools/ (it drives the app, so it
sits above the domain package and is composed here, at the top)."""

import sys

from alize.cli.main import main
from tools.bench.cli import register_cli as bench_commands

sys.exit(main(extra=(bench_commands,)))
