"""A replica process for the tests: `python -m tests.pg_replica URL`. Loads its copy, listens, and answers
each line read on stdin with `<version> <committees in 2010> <online>` from the copy it serves."""

import sys

from alize.ingest import rebuild
from alize.store import replica


def main(url: str) -> None:
    rep = replica.Replica(url, derive=rebuild.derive)
    print("ready", flush=True)
    for _ in sys.stdin:
        snap = rep.current()
        n = snap.cursor().execute("SELECT count(*) FROM committees WHERE year(held_on) = 2010").fetchone()[0]
        print(snap.pg_version, n, int(rep.online), flush=True)
    rep.close()


if __name__ == "__main__":
    main(sys.argv[1])
