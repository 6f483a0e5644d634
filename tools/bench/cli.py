"""`python -m alize bench`: wired in by alize/__main__.py (the benchmark drives the app from above)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tools.bench.bench import DEFAULT_WORKDIR, format_text, run


def cmd_bench(args) -> int:
    if args.feel:
        from alize.store import db
        from tools.bench import feel

        file = args.keep or db.db_path()
        result = feel.run(Path(file), repeats=args.runs)
        print(json.dumps(result, ensure_ascii=False) if args.json else feel.format_text(result))
        return 0
    if args.hosted or args.sessions:
        result = run_hosted(args)
        print(json.dumps(result, ensure_ascii=False) if args.json else format_hosted(result))
        return 0
    if not args.projects:
        print("python -m alize bench: erreur : --projects est obligatoire (sauf avec --hosted ou --sessions)",
              file=sys.stderr)
        return 2
    result = run(args.projects, runs=args.runs, seed=args.seed, workdir=args.workdir, keep=args.keep,
                 browser=not args.no_browser, rerun=not args.no_rerun, pandas=not args.no_pandas,
                 log=sys.stderr)
    print(json.dumps(result, ensure_ascii=False) if args.json else format_text(result))
    return 0


def run_hosted(args) -> dict:
    """The hosted path (--hosted) and the concurrent sessions (--sessions), on the scaled data set of
    --projects N or, without it, the shipped demo (its real size)."""
    import tempfile

    from alize import demo
    from alize.ingest import rebuild
    from alize.store import db, postgres
    from tools.bench import concurrency, hosted, pgcluster
    from tools.bench.bench import dataset, machine

    seed = demo.SEED if args.seed is None else args.seed
    csv_dir = dataset(args.projects, seed, Path(args.workdir))[0] if args.projects else db.DATA_DIR
    result: dict = {"data": f"scaled {args.projects}" if args.projects else "demo (data/)", "machine": machine()}
    if args.hosted:
        result["hosted"] = hosted.run(csv_dir, runs=args.runs, url=args.pg_url, log=sys.stderr)
    if args.sessions:
        sessions = tuple(int(n) for n in args.sessions.split(","))
        work = Path(tempfile.mkdtemp(prefix="alize-bench-sessions-"))
        file = rebuild.build(work / "alize.duckdb", csv_dir)
        cluster = pgcluster.start_cluster()
        try:
            url = cluster.new_database()
            postgres.init(url, csv_dir)
            configs = {"embedded, 1 server": (str(file), 1), "postgres, 1 replica": (url, 1),
                       "postgres, 2 replicas + proxy": (url, 2)}
            result["concurrency"] = concurrency.run(configs, sessions, args.duration, log=sys.stderr)
            result["duration_s"] = args.duration
        finally:
            cluster.close()
            file.unlink(missing_ok=True)
    return result


def format_hosted(r: dict) -> str:
    lines = [f"alIZé benchmark, hosted path — {r['data']}"]
    h = r.get("hosted")
    if h:
        lines += [(f"init --to: {h['pg_init_s']} s; a replica's copy: {h['copy_load_s']} s (snapshot {h.get('copy_snapshot_s')} s, "
                   f"build {h.get('copy_build_s')} s); commit → served: "
                  f"{h['commit_to_serve_s']} s (max {h['commit_to_serve_max_s']} s); replica memory {h['replica_rss_mb']}"),
                  f"{'page':<12}{'embedded ms':>12}{'copy ms':>10}{'ratio':>7}"]
        lines += [f"{p:<12}{e['embedded_ms']:>12.1f}{e['copy_ms']:>10.1f}{e['ratio']:>7}" for p, e in h["pages"].items()]
    for label, rows in (r.get("concurrency") or {}).items():
        lines.append(f"\n{label}")
        lines.append(f"{'sessions':>8}{'median s':>10}{'p95 s':>8}{'reruns/s':>10}{'errors':>8}{'CPU ms/rerun':>14}")
        for row in rows:
            lines.append(f"{row['sessions']:>8}{row['median_s']:>10}{row['p95_s']:>8}{row['reruns_per_s']:>10}"
                         f"{row['errors']:>8}{row['cpu_ms_per_rerun']:>14}")
    return "\n".join(lines)


def register_cli(sub) -> None:
    p = sub.add_parser("bench", help="mesurer les temps de calcul et de réponse à une taille donnée")
    p.add_argument("--projects", type=int, default=None, help="nombre de projets du réseau généré")
    p.add_argument("--runs", type=int, default=3, help="mesures par chiffre (médiane)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--keep", type=Path, help="garder la base construite à ce chemin")
    p.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="cache des jeux de données générés")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-browser", action="store_true", help="sans démarrage à froid ni mémoire du serveur")
    p.add_argument("--no-rerun", action="store_true", help="sans AppTest")
    p.add_argument("--no-pandas", action="store_true", help="sans la référence pandas")
    p.add_argument("--hosted", action="store_true",
                   help="le chemin hébergé : PostgreSQL, copie d'une réplique, délai import → réplique")
    p.add_argument("--pg-url", default=None, help="serveur PostgreSQL (base vide) ; par défaut un serveur jetable")
    p.add_argument("--sessions", default=None, metavar="1,5,10,20",
                   help="sessions simultanées (protocole websocket de Streamlit), un ou deux réplicas")
    p.add_argument("--duration", type=float, default=20.0, help="secondes de mesure par nombre de sessions")
    p.add_argument("--feel", action="store_true",
                   help="ressenti dans Chromium : temps jusqu'à la page stable après un changement de filtre, "
                        "page par page, à côté d'une page minimale de référence")
    p.set_defaults(func=cmd_bench)
