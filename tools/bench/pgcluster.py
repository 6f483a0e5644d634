"""A throwaway PostgreSQL cluster: initdb + pg_ctl on a Unix socket in a temp folder (no TCP port), as
the `postgres` user when run as root. About two seconds to start. The tests (tests/pg.py) and the
benchmark's hosted path use it; nothing of alize/ does."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

BIN_DIRS = [Path(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]
PASSWORD_ROLE, PASSWORD = "alize_pw", "juste"


def bin_dir() -> Path | None:
    for d in BIN_DIRS:
        if (d / "initdb").exists() and (d / "pg_ctl").exists():
            return d
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class Cluster:
    def __init__(self, root: Path):
        self.bin = bin_dir()
        if self.bin is None:
            raise RuntimeError("PostgreSQL (initdb, pg_ctl) is not installed")
        self.root = root
        self.data, self.sock = root / "data", root / "sock"
        self.sock.mkdir(parents=True)
        self.as_user = []
        if os.geteuid() == 0:  # initdb refuses root
            pw = pwd.getpwnam("postgres")
            for p in (root, self.sock):
                os.chown(p, pw.pw_uid, pw.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8",
                  "--locale=C")
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"local all {PASSWORD_ROLE} scram-sha-256\nlocal all all trust\n")
        self.start()
        self.sql(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}' CREATEDB")

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.root / "log"), "-o",
                  f"-k {self.sock} -c listen_addresses='' -c fsync=off -c full_page_writes=off "
                  "-c synchronous_commit=off", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    def url(self, dbname: str = "postgres", user: str = "postgres", password: str | None = None) -> str:
        auth = f"{user}:{password}" if password else user
        return f"postgresql://{auth}@/{dbname}?host={self.sock}"

    @staticmethod
    def dbname(url: str) -> str:
        import psycopg

        return psycopg.conninfo.conninfo_to_dict(url)["dbname"]

    def sql(self, statement: str, dbname: str = "postgres"):
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as con:
            cur = con.execute(statement)
            return cur.fetchall() if cur.description else None

    def new_database(self) -> str:
        name = f"t_{uuid.uuid4().hex[:10]}"
        self.sql(f"CREATE DATABASE {name}")
        return self.url(name)

    def close(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    root = Path(tempfile.mkdtemp(prefix="alize-pg-"))
    return Cluster(root)
