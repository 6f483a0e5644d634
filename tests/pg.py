"""The tests' throwaway PostgreSQL cluster (tools/bench/pgcluster.py: initdb + pg_ctl on a Unix socket
in a temp folder, as the `postgres` user when run as root; about two seconds).

Without PostgreSQL the tests marked `postgres` skip locally; with CI set they fail instead."""

from __future__ import annotations

import os

import pytest

from tools.bench.pgcluster import PASSWORD, PASSWORD_ROLE, Cluster, bin_dir  # noqa: F401 -- the tests' names
from tools.bench.pgcluster import start_cluster as _start


def missing(reason: str):
    """Skip locally; fail in CI, where .ci/run installs Debian's postgresql."""
    if os.environ.get("CI"):
        pytest.fail(f"CI: PostgreSQL is required ({reason}); .ci/run must install Debian's postgresql")
    pytest.skip(reason)


def start_cluster() -> Cluster:
    if bin_dir() is None:
        missing("PostgreSQL (initdb, pg_ctl) is not installed")
    return _start()
