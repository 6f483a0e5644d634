"""The scaled generator and the benchmark at a small size: consistency only, never speed targets.

Tolerance on `projects`: the scaled generator draws exactly the number asked for (a multinomial
split of N over territory-years), so the benchmark's `projects` must equal the request (± 0).
"""

import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from alize import demo
from alize.cli.main import main
from alize.ingest import rebuild
from alize.metrics.figures import key_figures
from alize.scope import Scope
from alize.store import db
from tools.bench import bench
from tools.bench.cli import register_cli as bench_commands

N = 2_000


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))}


def test_scaled_generator_is_deterministic_and_builds(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    demo.write_scaled(a, N, seed=7)
    demo.write_scaled(b, N, seed=7)
    assert _digest(a) == _digest(b)
    assert len(_digest(a)) == len(db.TABLES)
    other = tmp_path / "c"
    demo.write_scaled(other, N, seed=8)
    assert _digest(other)["projects.csv"] != _digest(a)["projects.csv"]
    path = rebuild.build(tmp_path / "scaled.duckdb", a)  # schema CHECKs and check_consistency accept it
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM projects").fetchone()[0] == N
        assert con.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()[0] == "scaled-demo"
        for table in ("missions", "followups", "repayments", "contributions", "committees"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
    finally:
        con.close()


def test_scaled_generator_adds_synthetic_basins(tmp_path):
    tables = demo.generate_scaled(20_000, seed=1)
    names = list(tables["basins"]["name"])
    assert "alIZé Savoie" in names and any(n.startswith("alIZé Bassin ") for n in names)
    assert len(tables["projects"]) == 20_000
    assert tables["projects"]["id"].is_unique and tables["territories"]["name"].is_unique


def test_cli_demo_projects(tmp_path):
    assert main(["demo", "--projects", "500", "--out", str(tmp_path / "d")]) == 0
    assert (tmp_path / "d" / "projects.csv").read_text(encoding="utf-8").count("\n") == 501


def test_default_demo_calibration_untouched(tmp_path):
    demo.write_demo(tmp_path / "demo")
    assert _digest(tmp_path / "demo") == _digest(db.DATA_DIR)  # byte-identical to the shipped CSVs
    path = rebuild.build(tmp_path / "demo.duckdb", tmp_path / "demo")
    con = duckdb.connect(str(path), read_only=True)
    try:
        f = key_figures(con, Scope.year(demo.CALIBRATION_YEAR))
    finally:
        con.close()
    assert (f.committees, f.projects_studied, f.projects_retained, f.competence_days, f.aid_eur,
            f.jobs_committed) == (41, 72, 66, 225, 445_135, 298)


@pytest.fixture(scope="module")
def small_bench(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    return bench.run(N, runs=1, workdir=work, browser=False)


def test_benchmark_figures_are_consistent(small_bench):
    r = json.loads(json.dumps(small_bench))  # what --json prints
    assert r["projects"] == N  # the generator is exact: tolerance 0
    assert r["build_s"] > 0 and r["db_mb"] > 0
    assert r["machine"]["cpu_count"] >= 1 and r["machine"]["duckdb"]
    for key in ("pages", "pages_network"):
        assert set(r[key]) == set(bench.PAGES)
        for page, e in r[key].items():
            assert set(e) >= {"alize_ms", "pandas_ms", "floor_ms", "rerun_ms"}, page
            assert all(isinstance(e[k], (int, float)) and e[k] > 0
                       for k in ("alize_ms", "pandas_ms", "floor_ms", "rerun_ms")), (page, e)
    assert "cold_start_s" in r and "peak_rss_mb" in r


def test_bench_cli_json(tmp_path, capsys):
    code = main(extra=(bench_commands,), argv=["bench", "--projects", "300", "--runs", "1", "--json", "--workdir", str(tmp_path),
                 "--no-browser", "--no-rerun", "--no-pandas"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["projects"] == 300 and set(out["pages"]) == set(bench.PAGES)
    assert all(e["alize_ms"] > 0 and e["floor_ms"] > 0 for e in out["pages"].values())


def test_the_feel_baseline_is_a_working_page_and_its_table_prints():
    """The minimal page the dashboard is timed against draws the same six 2010 figures from the CSVs."""
    from streamlit.testing.v1 import AppTest

    from tools.bench import feel

    at = AppTest.from_file("../tools/bench/baseline_app.py", default_timeout=60).run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown == {"Comités": "41", "Projets étudiés": "72", "Projets retenus": "66", "Jours": "225",
                     "Aide": "445 135", "Emplois engagés": "298"}
    row = {"first_load_s": 2.0, "basin_change_s": 0.8, "year_change_s": 0.6, "basin_vs_baseline": 2.0,
           "year_vs_baseline": 1.5}
    text = feel.format_text({"baseline": {"first_load_s": 1.0, "basin_change_s": 0.4, "year_change_s": 0.4},
                             "pages": {"overview": row}})
    assert "overview" in text and "baseline" in text and "2.0" in text


def test_a_page_is_compared_change_by_change_with_the_minimal_page_timed_beside_it():
    from tools.bench import feel

    # pairs 1.0, 2.0 and 0.8: their median is 1.0, where the medians' ratio (0.4 / 0.3) reads 1.33
    assert feel.against_baseline([0.3, 0.6, 0.4], [0.3, 0.3, 0.5]) == 1.0
    assert feel.against_baseline([0.2, 0.4], [0.4, 0.4]) == 0.75  # an even count: the middle two's mean
    assert feel.against_baseline([], []) is None


def test_a_page_is_slower_only_when_the_whole_interval_of_its_ratios_is_above_one():
    from tools.bench import feel

    base = [1.0] * 12
    ratios = [0.8, 0.85, 0.9, 0.95, 1.0, 1.02, 1.05, 1.1, 1.12, 1.2, 1.3, 1.5]
    # 12 pairs: P(X <= 2) = 79 / 4096 = 1.9 % <= 5 % < P(X <= 3) = 7.3 %, so the 3rd smallest and the 3rd largest
    assert feel.ratio_interval(ratios[::-1], base) == (0.9, 1.2)
    assert feel.ratio_interval([0.5, 2.0, 1.0, 0.9, 1.1], [1.0] * 5) == (0.5, 2.0)  # 5 pairs: P(X = 0) = 3.1 %
    assert feel.ratio_interval([1.0] * 4, [1.0] * 4) is None  # 4 pairs: P(X = 0) = 6.25 % is already too much
    assert feel.ratio_interval([0.6, 1.2], [0.0, 1.0]) is None  # a zero baseline is no pair
    assert (feel.verdict((0.8, 0.95)), feel.verdict((1.02, 1.3)), feel.verdict((0.9, 1.1)), feel.verdict(None)) == (
        "faster", "slower", "on par", "?")
    row = {"first_load_s": 2.0, "basin_change_s": 0.3, "year_change_s": 0.6, "basin_vs_baseline": 0.7,
           "year_vs_baseline": 1.15, "basin_interval": (0.6, 0.8), "year_interval": (1.05, 1.3)}
    text = feel.format_text({"baseline": {"first_load_s": 1.0, "basin_change_s": 0.4, "year_change_s": 0.5},
                             "pages": {"fund": row}})
    assert "0.7 [0.60–0.80] faster" in text and "1.15 [1.05–1.30] slower" in text
    assert text.splitlines()[-1] == "slower than the minimal page: fund (year)"
    on_par = {**row, "year_interval": (0.95, 1.3)}
    assert feel.format_text({"baseline": {"first_load_s": 1.0, "basin_change_s": 0.4, "year_change_s": 0.5},
                             "pages": {"fund": on_par}}).splitlines()[-1] == "slower than the minimal page: none"
