"""The benchmark's Streamlit side, run by `python -m alize bench` in a subprocess so that alize/
never imports Streamlit: page reruns through AppTest, and the first run of the app.

    python -m ui.bench_probe reruns '{"basins": [...], "runs": 3, "periods": [["2014-01-01", "2016-12-31"], ...]}'
    python -m ui.bench_probe first-run

ALIZE_DB names the database; the result is one JSON object on stdout (milliseconds, seconds).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tools.bench.bench import PAGES, page_file

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def reruns(basins: list[str], runs: int, periods: list[tuple[dt.date, dt.date]]) -> dict[str, float]:
    """Median server-side rerun per page after a period change: always a miss of the scope cache."""
    out: dict[str, float] = {}
    cursor = 0
    for page in PAGES:
        at = AppTest.from_file(APP, default_timeout=600)
        at.run()
        at.switch_page(page_file(page)).run()
        if basins:
            at.multiselect(key="basin").set_value(list(basins)).run()
        times = []
        for _ in range(max(1, runs)):
            start, end = periods[cursor % len(periods)]
            cursor += 1
            at.date_input(key="from").set_value(start)
            at.date_input(key="to").set_value(end)
            t = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t) * 1000)
            if at.exception:
                raise RuntimeError(f"page {page}: {at.exception[0].message}")
        out[page] = round(statistics.median(times), 2)
    return out


def first_run() -> float:
    """Seconds for the app's first script run (the cold start when no browser is available)."""
    t = time.perf_counter()
    AppTest.from_file(APP, default_timeout=600).run()
    return time.perf_counter() - t


def main(argv: list[str]) -> int:
    if argv[:1] == ["reruns"]:
        spec = json.loads(argv[1])
        periods = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in spec["periods"]]
        print(json.dumps(reruns(spec.get("basins", []), spec.get("runs", 3), periods)))
        return 0
    if argv[:1] == ["first-run"]:
        print(json.dumps({"seconds": first_run()}))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
