"""The Envois page's side of alize.reports.schedule: the schedule as a table, the send log's latest
lines, and a test message (no cache: the schedule file and the log change outside the app)."""

from __future__ import annotations

import pandas as pd

from alize import AlizeError, settings, text
from alize.reports import schedule
from alize.store import sendlog
from ui.common import connection

OUTCOME_KEYS = {"sent": "send.outcome.sent", "temporary": "send.outcome.temporary", "failed": "send.outcome.failed",
                "refused": "send.outcome.refused"}


def schedule_table(lg: str) -> tuple[pd.DataFrame | None, str]:
    """(the rules as rows, the file's path) or (None, the French/English reason there is none)."""
    path = settings.schedule_path()
    try:
        rules = schedule.load(connection(), path)
    except AlizeError as exc:
        return None, exc.translated(lg)
    return pd.DataFrame({"rule": [r.id for r in rules], "what": [r.what(lg) for r in rules],
                         "when": [r.when(lg) for r in rules], "to": [", ".join(r.to) for r in rules]}), str(path)


def recent_sends(lg: str) -> pd.DataFrame:
    df = sendlog.recent(settings.send_log_path())
    df["outcome"] = [text.t(OUTCOME_KEYS.get(v, ""), lg) if v in OUTCOME_KEYS else v for v in df["outcome"]]
    return df


def send_test(to: str, lg: str) -> tuple[bool, str]:
    try:
        return True, schedule.send_test(to, lg)
    except AlizeError as exc:
        return False, exc.translated(lg)
