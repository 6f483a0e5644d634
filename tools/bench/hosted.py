"""The benchmark's hosted path (PostgreSQL as the system of record, replicas reading DuckDB copies):

- `pg_init_s`: `init --to` of the data set into an empty database;
- `copy_load_s`: a replica's copy loaded from one snapshot (COPY to CSV, then the embedded build with
  its derived tables and stored comparisons), median of `runs`; `copy_snapshot_s` and `copy_build_s`
  split one more load into its two steps;
- `commit_to_serve_s`: from an import's commit to a listening replica serving the new version;
- `pages`: each page's queries on the copy and on the embedded file built from the same CSVs (both
  read through a Snapshot, as the app does), and their ratio;
- `replica_rss_mb`: a replica process's peak memory after its first copy and after a reload (the
  new copy is loaded beside the old one).

A throwaway cluster (tools/bench/pgcluster.py) is started unless a server URL is given.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from alize.ingest import importer, rebuild
from alize.store import embedded, postgres, replica
from tools.bench import pgcluster

ROOT = Path(__file__).resolve().parents[2]


def _committee_file(tag: str) -> importer.Upload:
    return importer.Upload("comites.csv", ("Identifiant;Bassin;Date du comité;Lieu\n"
                                           f"BENCH-{tag};savoie;15/06/2016;Chambéry\n").encode())


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def commit_to_serve(url: str, runs: int) -> list[float]:
    """Import one committee, then wait until the listening replica serves the new version."""
    rep = replica.Replica(url, derive=rebuild.derive)
    out = []
    try:
        for i in range(max(1, runs)):
            before = rep.version
            importer.import_files([_committee_file(f"{time.time_ns()}-{i}")], url, "bench")
            t = time.perf_counter()
            while rep.version <= before:
                time.sleep(0.002)
            out.append(time.perf_counter() - t)
    finally:
        rep.close()
    return out


def page_ratio(url: str, csv_dir: Path, runs: int, workdir: Path) -> dict:
    """Each page's queries on the replica's copy against the embedded file of the same records."""
    from tools.bench.bench import PAGES, _median_ms, page_queries, scope_free, scopes

    file = workdir / "embedded.duckdb"
    rebuild.build(file, csv_dir)
    rep = replica.Replica(url, derive=rebuild.derive, listen=False)
    out = {}
    try:
        with embedded.Snapshot(file) as local:
            copy = rep.current()
            sc = scopes()["basin_period"]
            free_l, free_c = scope_free(local), scope_free(copy)
            for page in PAGES:
                page_queries(page, local, sc, free_l)
                page_queries(page, copy, sc, free_c)
                e = _median_ms(lambda p=page: page_queries(p, local, sc, free_l), runs)
                c = _median_ms(lambda p=page: page_queries(p, copy, sc, free_c), runs)
                out[page] = {"embedded_ms": e, "copy_ms": c, "ratio": round(c / e, 2) if e else None}
    finally:
        rep.close()
        file.unlink(missing_ok=True)
    return out


PROBE = """
import json, sys
from alize.ingest import rebuild
from alize.store import postgres, replica
from tools.bench.bench import PAGES, page_queries, scope_free, scopes
from tools.bench.bench import _vm_hwm_mb
import os
url = sys.argv[1]
rep = replica.Replica(url, derive=rebuild.derive, listen=False)
def serve():
    con = rep.current(); sc = scopes()["basin_period"]; free = scope_free(con)
    for page in PAGES:
        page_queries(page, con, sc, free)
serve(); first = _vm_hwm_mb(os.getpid())
with postgres.transaction(url) as con:
    postgres.bump_and_notify(con, url)   # a new version with the same rows: a full reload
rep._refresh(); serve(); second = _vm_hwm_mb(os.getpid())
rep.close()
print(json.dumps({"after_first_copy": first, "after_reload": second}))
"""


def replica_memory(url: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, url], cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"error": out.stderr.strip()[-500:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(csv_dir: Path, runs: int = 3, url: str | None = None, log=None) -> dict:
    def say(msg):
        if log:
            print(msg, file=log, flush=True)

    cluster = None
    workdir = Path(tempfile.mkdtemp(prefix="alize-bench-hosted-"))
    try:
        if url is None:
            cluster = pgcluster.start_cluster()
            url = cluster.new_database()
        t = time.perf_counter()
        postgres.init(url, csv_dir)
        result = {"pg_init_s": round(time.perf_counter() - t, 2)}
        say(f"hosted: init --to {result['pg_init_s']} s")
        loads = []
        for _ in range(max(1, runs)):
            t = time.perf_counter()
            path, _v = replica.load_copy(url, workdir, derive=rebuild.derive)
            loads.append(time.perf_counter() - t)
            path.unlink(missing_ok=True)
        result["copy_load_s"] = _median(loads)
        t = time.perf_counter()  # where a copy's time goes: the snapshot's COPY, then the build
        postgres.snapshot_to_csv(url, workdir / "split")
        result["copy_snapshot_s"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()
        rebuild.build(workdir / "split.duckdb", workdir / "split")
        result["copy_build_s"] = round(time.perf_counter() - t, 3)
        say(f"hosted: copy load {result['copy_load_s']} s")
        result["pages"] = page_ratio(url, csv_dir, runs, workdir)
        say(f"hosted: pages {result['pages']}")
        served = commit_to_serve(url, runs)
        result["commit_to_serve_s"] = _median(served)
        result["commit_to_serve_max_s"] = round(max(served), 3)
        say(f"hosted: commit to serve {result['commit_to_serve_s']} s")
        result["replica_rss_mb"] = replica_memory(url)
        say(f"hosted: replica memory {result['replica_rss_mb']}")
        result["url"] = postgres.describe(url) if cluster is None else "throwaway cluster (initdb)"
        return result
    finally:
        if cluster is not None:
            cluster.close()
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
