"""How the dashboard feels: in headless Chromium, the time from a filter change to the page settled
(the script idle and every chart drawn), per page, beside a minimal baseline page
(tools/bench/baseline_app.py) measured in the same run on the same machine.

Changes timed: a basin added to (then removed from) the shared basin filter, and a year chosen in the
year shortcut. Each is repeated and the median kept. The first load of each page is timed too.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tools.bench import server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
PAGES = {"overview": "", "territories": "territoires", "committees": "comites", "projects": "projets",
         "jobs": "emplois", "partners": "partenaires", "fund": "fonds"}
# Every element of the dashboard's own written (ui/plot.js's charts, ui/table.js's tables), every chart
# near the viewport drawn (ui/plot.js draws the others as they come near), no element still loading its
# code (Streamlit's skeletons), and Streamlit's own Plotly element (the fallback) drawn. The browser
# tests wait on the same (tests/browser/conftest.charts_drawn).
CHARTS_DRAWN = """() => !window.__alizeDrawing && !document.querySelector("[data-testid='stSkeleton']")
  && [...document.querySelectorAll("[data-testid^='stBidiComponent']")].every(c => c.querySelector('.alize-plot, .alize-table'))
  && [...document.querySelectorAll(".alize-plot")].every(c => c.dataset.near === 'false' || c.dataset.state === 'drawn')
  && [...document.querySelectorAll("[data-testid='stPlotlyChart']")].every(c => c.querySelector('.main-svg'))"""
SETTLED = f"""() => {{
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.dataset.testScriptState !== 'notRunning' || document.querySelector("[data-stale='true']")) return false;
  return ({CHARTS_DRAWN})();
}}"""


def _serve(script: Path, env: dict) -> tuple[subprocess.Popen, str]:
    port = server.free_port()
    proc = subprocess.Popen(server.command(script, port), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = server.url_of(port)
    if server.wait_healthy(url, timeout=60):
        return proc, url
    proc.kill()
    raise RuntimeError(f"{script.name} did not start")


def _settle(page, timeout: int = 120_000) -> None:
    page.wait_for_function(SETTLED, timeout=timeout)


class Runs:
    """Script runs finished, counted from the server's messages on the page's websocket. The DOM cannot
    tell: a run of 30 ms arrives in one batch, and the app's running state never shows in it. The
    addresses the server sets (its page_info_changed messages) are kept too, as they come."""

    def __init__(self, page):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.finished = 0
        self.addresses: list[str] = []

        def frame(payload):
            if isinstance(payload, (bytes, bytearray)):
                msg = ForwardMsg()
                try:
                    msg.ParseFromString(bytes(payload))
                except Exception:  # noqa: BLE001 -- not a ForwardMsg: not ours to count
                    return
                kind = msg.WhichOneof("type")
                if kind == "script_finished":
                    self.finished += 1
                elif kind == "page_info_changed":
                    self.addresses.append(msg.page_info_changed.query_string)

        page.on("websocket", lambda ws: ws.on("framereceived", frame))


def _timed(page, runs: Runs, action) -> float:
    """From the change to the page settled: a script run finished after it (the server said so), then
    the app idle with every chart drawn. A change that starts no run (the value was already chosen)
    counts as settled after 3 s: it shows."""
    before = runs.finished
    t = time.perf_counter()
    action()
    while runs.finished == before and time.perf_counter() - t < 3:
        page.wait_for_timeout(5)  # lets Playwright deliver the websocket's frames
    _settle(page)
    return time.perf_counter() - t


def _pick_basin(page, label: str, basin: str):
    def act():
        box = page.locator("[data-testid='stMultiSelect']").filter(has_text=label)
        box.locator("input").first.click()
        box.locator("input").first.fill(basin)
        page.get_by_role("option", name=basin, exact=True).click()
        page.keyboard.press("Escape")
    return act


def _clear_basins(page, label: str):
    def act():
        box = page.locator("[data-testid='stMultiSelect']").filter(has_text=label)
        box.locator("input").first.click()
        page.keyboard.press("Backspace")  # removes the last basin chosen
        page.keyboard.press("Escape")
    return act


def _pick_year(page, label: str, year: str):
    def act():
        box = page.locator("[data-testid='stSelectbox']").filter(has_text=label)
        box.click()
        page.get_by_role("option", name=year, exact=True).click()
    return act


class Subject:
    """One app in its own tab: the dashboard's page or the minimal page, with its filters' labels."""

    def __init__(self, browser, basin_label: str, year_label: str):
        self.page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="fr-FR")
        self.runs = Runs(self.page)
        self.basin_label, self.year_label = basin_label, year_label

    def load(self, url: str) -> float:
        self.page.bring_to_front()
        t = time.perf_counter()
        self.page.goto(url)
        _settle(self.page)
        return time.perf_counter() - t

    def changes(self, i: int) -> tuple[list[float], float]:
        """A basin added then removed, and a year chosen (2011, 2012 in turn)."""
        page, runs = self.page, self.runs
        page.bring_to_front()
        basin = [_timed(page, runs, _pick_basin(page, self.basin_label, "alIZé Savoie")),
                 _timed(page, runs, _clear_basins(page, self.basin_label))]
        return basin, _timed(page, runs, _pick_year(page, self.year_label, str(2011 + i % 2)))


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def against_baseline(changes: list[float], baseline: list[float]) -> float | None:
    """The median, change by change, of the page's time over the minimal page's for the same change
    timed just before it. The two alternate one by one, so each pair meets the same machine; the ratio
    of the two medians also took in how the machine's load moved between them (a loaded machine's
    six year changes spread from 0.26 to 0.45 s on the same minimal page)."""
    pairs = [c / b for c, b in zip(changes, baseline) if b]
    return round(statistics.median(pairs), 2) if pairs else None


def ratio_interval(changes: list[float], baseline: list[float], confidence: float = 0.9) -> tuple[float, float] | None:
    """Where the median of the change-by-change ratios lies, with at least `confidence`: the sign test's
    interval, between the k-th smallest and the k-th largest ratio (no assumption on their spread).
    None with too few pairs for any (fewer than 5 at 90 %). A page is slower than the minimal page
    only when the whole interval lies above 1; twelve changes read ±10 % by themselves."""
    pairs = sorted(c / b for c, b in zip(changes, baseline) if b)
    n, tail, k = len(pairs), (1 - confidence) / 2, 0
    below = 0.0  # P(X <= i), X ~ Binomial(n, 1/2): the chance that i or fewer ratios fall below the median
    for i in range(n + 1):
        below += math.comb(n, i) / 2 ** n
        if below > tail:
            break
        k = i + 1
    if k == 0:
        return None
    return round(pairs[k - 1], 2), round(pairs[n - k], 2)


def verdict(interval: tuple[float, float] | None) -> str:
    """« faster », « slower », or « on par » when the interval holds 1 (no difference the runs can tell)."""
    if interval is None:
        return "?"
    low, high = interval
    return "faster" if high < 1 else "slower" if low > 1 else "on par"


def run(db_file: Path, repeats: int = 3, log=sys.stderr) -> dict:
    """Each page's changes alternate with the minimal page's, one by one, so that both meet the same
    machine (a baseline timed once at the start drifted by a fifth between runs)."""
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "ALIZE_DB": str(db_file)}
    app, app_url = _serve(ROOT / "app.py", env)
    base, base_url = _serve(ROOT / "tools" / "bench" / "baseline_app.py", env)
    out: dict = {"pages": {}, "repeats": repeats}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
            minimal = Subject(browser, "Bassins", "Année")
            dashboard = Subject(browser, "Bassins", "Année (raccourci)")
            base_first = minimal.load(base_url)
            base_basin, base_year = [], []
            for name, slug in PAGES.items():
                first = dashboard.load(f"{app_url}/{slug}?from=2010-01-01&to=2010-12-31")
                row = {"basin": [], "year": [], "base_basin": [], "base_year": []}
                for i in range(repeats):
                    for subject, prefix in ((minimal, "base_"), (dashboard, "")):
                        basin, year = subject.changes(i)
                        row[prefix + "basin"] += basin
                        row[prefix + "year"].append(year)
                base_basin += row["base_basin"]
                base_year += row["base_year"]
                out["pages"][name] = {
                    "first_load_s": round(first, 2), "basin_change_s": _median(row["basin"]),
                    "year_change_s": _median(row["year"]), "baseline_basin_s": _median(row["base_basin"]),
                    "baseline_year_s": _median(row["base_year"]),
                    "basin_vs_baseline": against_baseline(row["basin"], row["base_basin"]),
                    "year_vs_baseline": against_baseline(row["year"], row["base_year"]),
                    "basin_interval": ratio_interval(row["basin"], row["base_basin"]),
                    "year_interval": ratio_interval(row["year"], row["base_year"])}
                print(f"{name}: {out['pages'][name]}", file=log)
            out["baseline"] = {"first_load_s": round(base_first, 2), "basin_change_s": _median(base_basin),
                               "year_change_s": _median(base_year)}
            browser.close()
    finally:
        for proc in (app, base):
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return out


def _ratio(row: dict, change: str) -> str:
    """`0.92 [0.85–1.01] on par`: the median ratio, its 90 % interval and what it says."""
    ratio, interval = row[f"{change}_vs_baseline"], row.get(f"{change}_interval")
    if interval is None:
        return f"{ratio}"
    return f"{ratio} [{interval[0]:.2f}–{interval[1]:.2f}] {verdict(interval)}"


def format_text(r: dict) -> str:
    b = r["baseline"]
    head = (f"{'page':<12}{'first load s':>13}{'basin s':>9}{'(base)':>8}  {'× base [90 %]':<26}"
            f"{'year s':>7}{'(base)':>8}  × base [90 %]")
    lines = [head,
             f"{'baseline':<12}{b['first_load_s']:>13}{b['basin_change_s']:>9}{'':>36}{b['year_change_s']:>7}"]
    slower = []
    for name, row in r["pages"].items():
        lines.append(f"{name:<12}{row['first_load_s']:>13}{row['basin_change_s']:>9}{row.get('baseline_basin_s', ''):>8}"
                     f"  {_ratio(row, 'basin'):<26}{row['year_change_s']:>7}{row.get('baseline_year_s', ''):>8}"
                     f"  {_ratio(row, 'year')}")
        slower += [f"{name} ({change})" for change in ("basin", "year")
                   if verdict(row.get(f"{change}_interval")) == "slower"]
    lines.append("slower than the minimal page: " + (", ".join(slower) if slower else "none"))
    return "\n".join(lines)
