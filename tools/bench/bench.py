"""`python -m alize bench`: how fast the dashboard is at a given network size.

For N projects it generates the scaled demo (alize.demo.write_scaled; cached in the work directory),
builds the database (time, size), then for each page measures, as the median of `runs` runs:

- `alize_ms`: the full set of alize/ calls the page makes for a filter change, uncached (what the
  page asks whatever the filters, such as the data's period, it has cached, as the app does: scope_free);
- `pandas_ms`: the same figures the naive way, filtering and grouping in pandas on tables already
  loaded in memory (loading them once is reported apart as `pandas_load_s`);
- `floor_ms`: one aggregate scan of the projects table (joined to its committee, basin and
  territory for the filters) with the same filters: the least any page can cost;
- `rerun_ms`: the page's server-side rerun through Streamlit's AppTest after a filter change that
  misses ui/common.py's cache (each run picks a period not asked before);

then the cold start (`streamlit run` in a subprocess until headless Chromium shows the first page's
figures; AppTest's first run when Chromium or Playwright is missing) and the peak memory (VmHWM) of
that server after it has served every page. See docs/benchmark.md.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import duckdb

from alize.ingest import rebuild
from alize.scope import Scope
from alize.store import db
from alize.store.tables import PROJECTS
from alize.store.where import scope_where
from tools.bench import server

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("overview", "territories", "committees", "projects", "jobs", "partners", "fund")
SLUGS = {"overview": "vue-ensemble", "territories": "territoires", "committees": "comites", "projects": "projets",
         "jobs": "emplois", "partners": "partenaires", "fund": "fonds"}   # the page files are named like their addresses


def page_file(page: str) -> str:
    """The page's script relative to app.py."""
    if (ROOT / "pages" / f"{SLUGS[page]}.py").exists():
        return f"pages/{SLUGS[page]}.py"
    raise FileNotFoundError(page)

FIRST_METRIC_PAGE = "overview"
CHROMIUM = "/usr/bin/chromium"
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "alize-bench"
BENCH_BASIN = "alIZé Savoie"     # present at every size: the real basins are always generated
BENCH_PERIOD = (dt.date(2014, 1, 1), dt.date(2016, 12, 31))  # the 5th convention (2014–2016)


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(max(1, runs)):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


# ---- the queries each page makes ------------------------------------------------------------------

def scope_free(con) -> dict:
    """What the pages ask whatever the filters (the data's period, the latest follow-up, the territory
    names): ui/common.py caches it across filter changes, so a filter change does not
    run it again and page_queries takes it ready-made."""
    from alize.metrics import jobs, records
    from alize.scope import data_period

    return {"period": data_period(con), "as_of": jobs.default_as_of(con),
            "territory_names": records.territory_names(con)}


def page_queries(page: str, con, sc: Scope, free: dict | None = None) -> None:
    """Every alize/ call `pages/<page>.py` makes to draw itself after a filter change to `sc` (no
    cache), given scope_free()'s answers, which the page has cached (computed here when not given)."""
    from alize.metrics import compare, fund, geo, jobs, partners, records
    from alize.metrics.figures import overview

    free = free or scope_free(con)
    if page == "overview":
        overview(con, sc, free["period"])
        jobs.jobs_summary(con, sc, free["as_of"])
    elif page == "territories":
        e = compare.extension_for(con, sc)  # with its default windows
        if e is None:
            return
        basin = e["basin"]
        result = compare.compare_extension(con, basin, e["territory"], (e["before_start"], e["before_end"]),
                                           (e["after_start"], e["after_end"]), sectors=sc.sectors, kinds=sc.kinds)
        geo.commune_activity(con, basin, result.after.start, result.after.end)
    elif page == "committees":
        held = records.committees(con, sc)
        records.committees_per_year(held)
        records.committees_by_basin(held)
    elif page == "projects":
        records.projects(con, sc, "")
    elif page == "jobs":
        jobs.jobs_and_cohorts(con, sc, free["as_of"])
        jobs.jobs_curves(con, sc, free["as_of"])
    elif page == "partners":
        partners.partners_page(con, sc, free["period"][0])
    elif page == "fund":
        fund.fund_page(con, sc, free["period"][0])
    else:
        raise ValueError(page)


def floor_query(con, sc: Scope) -> None:
    """One scan of the projects table with the scope's filters: the least a page can cost."""
    where, params = scope_where(sc, PROJECTS, decided_only=True)
    con.cursor().execute(f"""
        SELECT count(*), count(*) FILTER (WHERE p.decision = 'retained'), sum(p.aid_eur), sum(p.jobs_committed)
        FROM {PROJECTS.source}
        WHERE {where}""", params).fetchall()


# ---- the naive pandas way -------------------------------------------------------------------------

class PandasBaseline:
    """The tables loaded whole into pandas, then each page's figures filtered and grouped in pandas."""

    TABLES = ("basins", "territories", "establishments", "conventions", "communes", "partners",
              "contributions", "committees", "projects", "missions", "followups", "repayments")

    def __init__(self, con):
        import pandas as pd

        cur = con.cursor()
        self.t = {name: cur.execute(f"SELECT * FROM {name}").df() for name in self.TABLES}  # fixed names
        for frame in self.t.values():
            for col in frame.columns:
                if col.endswith("_on"):
                    frame[col] = pd.to_datetime(frame[col])
        self.t["missions"]["days"] = self.t["missions"]["days"].astype(float)

    # shared pieces, computed per call like a naive page would
    def _projects(self):
        t = self.t
        p = t["projects"].merge(t["committees"][["id", "basin", "held_on"]].rename(columns={"id": "committee"}),
                                on="committee")
        p = p.merge(t["basins"][["id", "name"]].rename(columns={"id": "basin", "name": "basin_name"}), on="basin")
        return p.merge(t["territories"][["id", "name"]].rename(columns={"id": "territory", "name": "territory_name"}),
                       on="territory")

    @staticmethod
    def _scoped(p, sc: Scope):
        import pandas as pd

        mask = (p["held_on"] >= pd.Timestamp(sc.start)) & (p["held_on"] <= pd.Timestamp(sc.end))
        if sc.basins:
            mask &= p["basin_name"].isin(sc.basins)
        if sc.territories:
            mask &= p["territory_name"].isin(sc.territories)
        if sc.sectors:
            mask &= p["sector"].isin(sc.sectors)
        if sc.kinds:
            mask &= p["kind"].isin(sc.kinds)
        return p[mask]

    def _figures(self, p, sc: Scope, by=None):
        s = self._scoped(p, sc)
        days = self.t["missions"].groupby("project", as_index=False)["days"].sum()
        s = s.merge(days, left_on="id", right_on="project", how="left")
        r = s[s["decision"] == "retained"]
        if by is None:
            return (len(s), len(r), r["aid_eur"].sum(), r["jobs_committed"].sum(), r["days"].sum(),
                    s["committee"].nunique())
        return s.groupby(by).agg(studied=("id", "size"), committees=("committee", "nunique")).join(
            r.groupby(by).agg(retained=("id", "size"), aid=("aid_eur", "sum"), jobs=("jobs_committed", "sum"),
                              days=("days", "sum")))

    def _jobs(self, p, sc: Scope, as_of):
        import pandas as pd

        s = self._scoped(p, sc)
        s = s[s["decision"] == "retained"]
        f = self.t["followups"]
        f = f[f["observed_on"] <= pd.Timestamp(as_of)]
        f = f[f["project"].isin(s["id"])].sort_values("observed_on").groupby("project").tail(1)
        out = s.merge(f, left_on="id", right_on="project", how="left")
        out["created"] = (out["jobs"] - out["jobs_at_start"]).fillna(0)
        out["cohort"] = out["held_on"].dt.year
        out["mature"] = out["held_on"] <= pd.Timestamp(as_of) - pd.DateOffset(years=3)
        return out

    def page(self, page: str, sc: Scope) -> None:
        import pandas as pd

        t = self.t
        p = self._projects()
        first, last = t["committees"]["held_on"].min().date(), t["committees"]["held_on"].max().date()
        as_of = t["followups"]["observed_on"].max().date()
        if page == "overview":
            self._figures(p, sc)
            self._figures(p, sc.previous())
            self._jobs(p, sc, as_of)["created"].sum()
            wide = sc.over_all_years(first, last)
            self._figures(p.assign(year=p["held_on"].dt.year), wide, "year")
        elif page == "territories":
            terr = t["territories"].merge(t["basins"], left_on="basin", right_on="id", suffixes=("", "_b"))
            ext = terr[terr["joined_on"] > terr["started_on"]].sort_values("joined_on")
            if sc.basins:
                ext = ext[ext["name_b"].isin(sc.basins)]
            if ext.empty:
                return
            newcomer = ext.iloc[-1]
            joined = newcomer["joined_on"].date()
            windows = [(dt.date(joined.year - 3, 1, 1), joined - dt.timedelta(days=1)),
                       (joined, dt.date(joined.year + 2, 12, 31))]
            own = list(terr.loc[terr["basin"] == newcomer["basin"], "name"])
            rest = list(terr.loc[terr["basin"] != newcomer["basin"], "name"])
            for start, end in windows:
                for names in (own, rest):
                    scope = Scope(start, end, territories=tuple(names), sectors=sc.sectors, kinds=sc.kinds)
                    self._figures(p, scope, "territory_name")
                    self._jobs(p, scope, end).groupby("territory_name")["created"].sum()
        elif page == "committees":
            s = self._figures(p, sc, "committee")
            c = t["committees"][(t["committees"]["held_on"] >= pd.Timestamp(sc.start))
                                & (t["committees"]["held_on"] <= pd.Timestamp(sc.end))]
            c.merge(s, left_on="id", right_index=True, how="left").groupby(
                [c["held_on"].dt.year, "basin"]).size()
            self._figures(p, sc, "basin_name")
        elif page == "projects":
            s = self._scoped(p, sc).merge(t["communes"], left_on="commune", right_on="insee_code", how="left")
            days = t["missions"].groupby("project", as_index=False)["days"].sum()
            s.merge(days, left_on="id", right_on="project", how="left").sort_values(
                ["held_on", "id"], ascending=[False, True]).head(5000)
        elif page == "jobs":
            j = self._jobs(p, sc, as_of)
            j[j["mature"]].groupby("cohort").agg(created=("created", "sum"), committed=("jobs_committed", "sum"))
            f = t["followups"][t["followups"]["project"].isin(j["id"])].merge(
                j[["id", "held_on", "cohort", "jobs_at_start"]], left_on="project", right_on="id")
            f["k"] = ((f["observed_on"] - f["held_on"]).dt.days // 365).clip(lower=0)
            f.sort_values("observed_on").groupby(["project", "k"]).tail(1).groupby(["cohort", "k"])["jobs"].sum()
        elif page == "partners":
            s = self._scoped(p, sc)
            m = t["missions"].merge(s[s["decision"] == "retained"][["id", "basin_name"]], left_on="project",
                                    right_on="id").merge(t["partners"], left_on="partner", right_on="id",
                                                         suffixes=("", "_p"))
            m.groupby(["basin_name", "name"])["days"].sum()
            m.groupby("theme")["days"].sum()
            co = t["contributions"]
            co[(co["paid_on"] >= pd.Timestamp(sc.start)) & (co["paid_on"] <= pd.Timestamp(sc.end))].merge(
                t["partners"], left_on="partner", right_on="id").groupby("name")["amount_eur"].sum()
        elif page == "fund":
            r = t["repayments"].merge(p[["id", "basin", "held_on"]], left_on="project", right_on="id")
            retained = p[p["decision"] == "retained"]
            paid = t["contributions"].merge(t["partners"], left_on="partner", right_on="id")
            for year in range(min(first, sc.start).year, sc.end.year + 1):
                day = pd.Timestamp(min(dt.date(year, 12, 31), sc.end))
                paid[paid["paid_on"] <= day].groupby("basin")["amount_eur"].sum()
                retained[retained["held_on"] <= day].groupby("basin")["aid_eur"].sum()
                r[r["paid_on"] <= day].groupby(["basin", "kind"])["amount_eur"].sum()
            s = self._scoped(retained, sc.with_period(min(first, sc.start), sc.end))
            r[r["project"].isin(s["id"]) & (r["paid_on"] <= pd.Timestamp(sc.end))].groupby(
                [r["held_on"].dt.year, "kind"])["amount_eur"].sum()
        else:
            raise ValueError(page)


# ---- Streamlit: reruns, cold start, memory --------------------------------------------------------

def _probe(db_file: Path, *args: str) -> dict:
    """Run ui/bench_probe.py (the Streamlit side) in a subprocess against `db_file`: alize/ stays
    free of Streamlit, and each measurement starts from a fresh process."""
    env = {**os.environ, "ALIZE_DB": str(db_file)}
    out = subprocess.run([sys.executable, "-m", "tools.bench.probe", *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"ui.bench_probe {args[0]} failed: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def rerun_times(db_file: Path, sc: Scope, runs: int, periods: list[tuple[dt.date, dt.date]]) -> dict[str, float]:
    """Median server-side rerun per page after a filter change (a cache miss), through AppTest."""
    spec = {"basins": list(sc.basins), "runs": runs,
            "periods": [[a.isoformat(), b.isoformat()] for a, b in periods]}
    return _probe(db_file, "reruns", json.dumps(spec))


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def cold_start(db_file: Path, sc: Scope) -> dict:
    """`streamlit run` from spawn to the first page's figures in headless Chromium; then every page
    once with the filter change, and the server's peak memory (VmHWM of its process)."""
    port = server.free_port()
    env = {**os.environ, "ALIZE_DB": str(db_file)}
    browser = None
    pw_ctx = None
    method = "chromium"
    try:
        if not Path(CHROMIUM).exists():
            raise RuntimeError("no chromium")
        from playwright.sync_api import sync_playwright

        pw_ctx = sync_playwright().start()
        browser = pw_ctx.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
    except Exception:  # noqa: BLE001 — no browser: time AppTest's first run instead
        method = "apptest"
    log = open(Path(tempfile.gettempdir()) / f"alize-bench-streamlit-{port}.log", "w")  # noqa: SIM115
    t0 = time.perf_counter()
    proc = subprocess.Popen(server.command(ROOT / "app.py", port), cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = server.url_of(port)
    try:
        if not server.wait_healthy(url, timeout=300, poll=0.05):
            raise RuntimeError("streamlit did not start")
        health_s = time.perf_counter() - t0
        if method == "chromium":
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(url + "/", wait_until="domcontentloaded")
            page.wait_for_selector('[data-testid="stMetric"]', timeout=300_000)
            first_render_s = time.perf_counter() - t0
            for name in PAGES:
                query = sc.to_query_params()
                qs = "&".join(f"{k}={urllib.request.quote(v if isinstance(v, str) else v[0])}"
                              for k, v in query.items())
                slug = "" if name == "overview" else SLUGS[name]
                page.goto(f"{url}/{slug}?{qs}", wait_until="domcontentloaded")
                page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=300_000)
                page.wait_for_timeout(300)
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=300_000)
            page.close()
        else:
            first_render_s = time.perf_counter() - t0 + _probe(db_file, "first-run")["seconds"]
        peak = _vm_hwm_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        if browser is not None:
            browser.close()
        if pw_ctx is not None:
            pw_ctx.stop()
    return {"cold_start_s": round(first_render_s, 3), "health_s": round(health_s, 3), "cold_start_method": method,
            "peak_rss_mb": peak}


# ---- the whole benchmark --------------------------------------------------------------------------

def machine() -> dict:
    info = {"cpu_count": os.cpu_count(), "python": platform.python_version(), "duckdb": duckdb.__version__,
            "platform": platform.platform()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    for mod in ("pandas", "streamlit"):  # read from the installed metadata: alize/ never imports streamlit
        try:
            info[mod] = importlib.metadata.version(mod)
        except importlib.metadata.PackageNotFoundError:
            pass
    return info


def dataset(projects: int, seed: int, workdir: Path) -> tuple[Path, float | None]:
    """The scaled CSVs for (projects, seed), generated once and reused; (dir, seconds or None if cached)."""
    from alize import demo

    out = workdir / f"csv-{projects}-{seed}"
    if (out / ".complete").exists():
        return out, None
    if out.exists():
        shutil.rmtree(out)
    t = time.perf_counter()
    demo.write_scaled(out, projects, seed)
    elapsed = time.perf_counter() - t
    (out / ".complete").write_text("ok\n")
    return out, round(elapsed, 2)


def scopes(sc_default: Scope | None = None) -> dict[str, Scope]:
    return {"basin_period": Scope(*BENCH_PERIOD, basins=(BENCH_BASIN,)),
            "network_period": Scope(*BENCH_PERIOD)}


def run(projects: int, runs: int = 3, seed: int | None = None, workdir: Path | None = None,
        keep: Path | None = None, browser: bool = True, rerun: bool = True, pandas: bool = True,
        log=None) -> dict:
    from alize import demo

    seed = demo.SEED if seed is None else seed
    workdir = Path(workdir or DEFAULT_WORKDIR)
    workdir.mkdir(parents=True, exist_ok=True)

    def say(msg):
        if log:
            print(msg, file=log, flush=True)

    csv_dir, gen_s = dataset(projects, seed, workdir)
    say(f"data: {csv_dir} ({'cached' if gen_s is None else f'{gen_s} s'})")
    db_file = Path(keep) if keep else workdir / f"bench-{projects}-{seed}.duckdb"
    t = time.perf_counter()
    rebuild.build(db_file, csv_dir)
    build_s = round(time.perf_counter() - t, 2)
    say(f"build: {build_s} s")
    con = db.connect(db_file, read_only=True)
    try:
        count = con.execute("SELECT count(*) FROM projects").fetchone()[0]
        result = {"projects": int(count), "projects_requested": projects, "seed": seed, "runs": runs,
                  "generate_s": gen_s, "build_s": build_s,
                  "db_mb": round(db_file.stat().st_size / 1024 / 1024, 1), "machine": machine()}
        periods = [(dt.date(y, 1, 1), dt.date(y + 2, 12, 31)) for y in range(2014, 2005, -1)]
        result["scopes"] = {}
        baseline = None
        if pandas:
            t = time.perf_counter()
            baseline = PandasBaseline(con)
            result["pandas_load_s"] = round(time.perf_counter() - t, 2)
            say(f"pandas load: {result['pandas_load_s']} s")
        for label, sc in scopes().items():
            result["scopes"][label] = {"from": sc.start.isoformat(), "to": sc.end.isoformat(),
                                       "basins": list(sc.basins)}
            pages = {}
            free = scope_free(con)
            for page in PAGES:
                page_queries(page, con, sc, free)  # warm the file cache once: every figure is a median anyway
                entry = {"alize_ms": _median_ms(lambda p=page, s=sc, f=free: page_queries(p, con, s, f), runs),
                         "floor_ms": _median_ms(lambda s=sc: floor_query(con, s), runs)}
                entry["pandas_ms"] = (_median_ms(lambda b=baseline, p=page, s=sc: b.page(p, s), runs)
                                      if baseline else None)
                pages[page] = entry
                say(f"{label} {page}: {entry}")
            key = "pages" if label == "basin_period" else "pages_network"
            result[key] = pages
        baseline = None  # frees the loaded tables before the Streamlit measures
        result["bench_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    finally:
        con.close()
    if rerun:
        for label, key in (("basin_period", "pages"), ("network_period", "pages_network")):
            sc = scopes()[label]
            times = rerun_times(db_file, sc, runs, periods)
            for page, ms in times.items():
                result[key][page]["rerun_ms"] = ms
            say(f"{label} reruns: {times}")
    else:
        for key in ("pages", "pages_network"):
            for page in result[key]:
                result[key][page]["rerun_ms"] = None
    if browser:
        result.update(cold_start(db_file, scopes()["basin_period"]))
    else:
        result.update({"cold_start_s": None, "peak_rss_mb": None})
    say(f"cold start: {result.get('cold_start_s')} s, peak {result.get('peak_rss_mb')} MB")
    if not keep:
        db_file.unlink(missing_ok=True)
    return result


def format_text(r: dict) -> str:
    lines = [f"alIZé benchmark — {r['projects']:,} projects (build {r['build_s']} s, {r['db_mb']} MB)".replace(",", " ")]
    for key, title in (("pages", "basin + period"), ("pages_network", "period, all basins")):
        lines.append(f"\n{title}: {r['scopes']['basin_period' if key == 'pages' else 'network_period']}")
        lines.append(f"{'page':<12}{'alize ms':>10}{'floor ms':>10}{'pandas ms':>11}{'rerun ms':>10}")
        for page, e in r[key].items():
            def f(v):
                return "–" if v is None else f"{v:.1f}"
            lines.append(f"{page:<12}{f(e['alize_ms']):>10}{f(e['floor_ms']):>10}{f(e['pandas_ms']):>11}"
                         f"{f(e['rerun_ms']):>10}")
    lines.append(f"\ncold start {r['cold_start_s']} s ({r.get('cold_start_method')}), "
                 f"peak RSS {r['peak_rss_mb']} MB")
    return "\n".join(lines)
