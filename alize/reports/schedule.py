"""Reports that go out by themselves: the schedule file, what is due on a day, and the run that sends it.

A schedule (TOML, docs/reports.md) lists `[[send]]` entries: which report (`partner`, `committee-pack`),
to whom (`to`), and when (`every = "15/01"`: each 15 January, the partner report of the last calendar
year; `days_before = 7`: 7 days before each committee of `basin`). `run()` is meant for cron or a
systemd timer once a day: it sends what fell due since the last run (a missed day catches up), plus
whatever an earlier run could not deliver (the send log, alize.store.sendlog), and never an item
already sent. Each recipient gets a message of their own, and each attempt is a line of the log.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from alize import AlizeError, text
from alize.metrics import partners
from alize.reports import committee_pack, mail, partner_report, present, recipients
from alize.store import sendlog

REPORTS = ("partner", "committee-pack")
KEYS = {"partner": {"id", "report", "to", "lang", "partner", "every"},
        "committee-pack": {"id", "report", "to", "lang", "basin", "days_before"}}


@dataclass(frozen=True)
class Rule:
    id: str
    report: str
    to: tuple[str, ...]
    lang: str = "fr"
    partner: str | None = None          # partner report: the partner's id
    every: tuple[int, int] | None = None  # (day, month)
    basin: str | None = None            # committee pack: the basin's name
    basin_id: str | None = None
    days_before: int | None = None

    def when(self, lang: str = "fr") -> str:
        if self.report == "partner":
            return text.t("send.when_yearly", lang, day=f"{self.every[0]:02d}/{self.every[1]:02d}")
        return text.t("send.when_committee", lang, days=self.days_before, basin=self.basin)

    def what(self, lang: str = "fr") -> str:
        if self.report == "partner":
            return text.t("send.what_partner", lang, partner=self.partner)
        return text.t("send.what_pack", lang, basin=self.basin)


def _entry_error(n: int, key: str, **fields) -> AlizeError:
    return AlizeError(key="error.schedule_entry", n=n, detail=AlizeError(key=key, **fields))


def _recipients(n: int, value) -> tuple[str, ...]:
    to = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, list) else ()
    if not to or not all(isinstance(v, str) for v in to):
        raise _entry_error(n, "error.schedule_to")
    bad = [v for v in to if not recipients.valid_email(v)]
    if bad:
        raise _entry_error(n, "error.recipient_invalid", recipient=", ".join(bad))
    return tuple(v.strip() for v in to)


def _day_month(n: int, value) -> tuple[int, int]:
    try:
        day, month = (int(x) for x in str(value).strip().split("/"))
        dt.date(2000, month, day)  # a leap year: 29/02 is a date (sent on 28/02 in other years)
    except ValueError:
        raise _entry_error(n, "error.schedule_every", value=value) from None
    return day, month


def _rule(con, n: int, entry) -> Rule:
    if not isinstance(entry, dict):
        raise _entry_error(n, "error.schedule_report", value=entry)
    report = entry.get("report")
    if report not in REPORTS:
        raise _entry_error(n, "error.schedule_report", value=report)
    unknown = sorted(set(entry) - KEYS[report])
    if unknown:
        raise _entry_error(n, "error.schedule_keys", keys=", ".join(unknown), known=", ".join(sorted(KEYS[report])))
    lang = entry.get("lang", "fr")
    if lang not in text.LANGS:
        raise _entry_error(n, "error.schedule_lang", value=lang)
    to = _recipients(n, entry.get("to"))
    if report == "partner":
        if "partner" not in entry or "every" not in entry:
            raise _entry_error(n, "error.schedule_partner_fields")
        try:
            p = partners.partner(con, str(entry["partner"]))
        except AlizeError as exc:
            raise _entry_error(n, "error.unknown_partner", partner=entry["partner"]) from exc
        rid = str(entry.get("id") or f"partner-{p.id}")
        return Rule(rid, report, to, lang, partner=p.id, every=_day_month(n, entry["every"]))
    if "basin" not in entry or "days_before" not in entry:
        raise _entry_error(n, "error.schedule_pack_fields")
    row = con.cursor().execute("SELECT id, name FROM basins WHERE id = ? OR name = ?",
                               [str(entry["basin"])] * 2).fetchone()
    if row is None:
        raise _entry_error(n, "error.unknown_basin_short", names=entry["basin"])
    days = entry["days_before"]
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 365:
        raise _entry_error(n, "error.schedule_days", value=days)
    return Rule(str(entry.get("id") or f"pack-{row[0]}"), report, to, lang, basin=row[1], basin_id=row[0],
                days_before=days)


def load(con, path: Path) -> list[Rule]:
    """The schedule file's rules, checked against the records; any mistake is one French line naming
    the entry (`envoi n° 2`), and nothing is sent from a schedule that does not read."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AlizeError(key="error.schedule_missing", path=str(path)) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AlizeError(key="error.schedule_toml", path=str(path), detail=str(exc).splitlines()[0]) from None
    entries = data.get("send", [])
    if not isinstance(entries, list) or not entries:
        raise AlizeError(key="error.schedule_empty", path=str(path))
    rules = [_rule(con, n, e) for n, e in enumerate(entries, start=1)]
    ids = [r.id for r in rules]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise AlizeError(key="error.schedule_ids", ids=", ".join(twice))
    return rules


# ---- what is due -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    rule: Rule
    due_on: dt.date
    subject_id: str         # the partner's or the committee's id
    period: str             # the partner report's year ('' for a pack)
    recipient: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule.id, self.due_on.isoformat(), self.recipient)


def _yearly(day: int, month: int, year: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 29/02 outside a leap year
        return dt.date(year, 2, 28)


def occurrences(con, rule: Rule, start: dt.date, end: dt.date) -> list[tuple[dt.date, str, str]]:
    """(due_on, subject_id, period) of a rule falling due between two days, both included."""
    if start > end:
        return []
    if rule.report == "partner":
        p = partners.partner(con, rule.partner)
        out = []
        for year in range(start.year, end.year + 1):
            due = _yearly(*rule.every, year)
            if start <= due <= end:
                try:
                    period = str(partner_report.default_year(con, p, today=due))
                except AlizeError:
                    period = str(due.year - 1)  # no committee yet: the item fails, logged, when it is built
                out.append((due, p.id, period))
        return out
    days = dt.timedelta(days=rule.days_before)
    rows = con.cursor().execute("SELECT id, held_on FROM committees WHERE basin = ? AND held_on BETWEEN ? AND ? "
                                "ORDER BY held_on, id", [rule.basin_id, start + days, end + days]).fetchall()
    return [(held - days, cid, "") for cid, held in rows]


def due_items(con, rules: list[Rule], log: Path, today: dt.date) -> list[Item]:
    """What a run on `today` must send: due since the day after the last run (only today on a first
    run), plus every item an earlier run could not deliver, less what is done (sent or refused)."""
    last = sendlog.last_run(log)
    start = last + dt.timedelta(days=1) if last else today
    by_id = {r.id: r for r in rules}
    items: dict[tuple, Item] = {}
    for row in sendlog.pending(log):  # the earlier runs' failures first, oldest first
        rule = by_id.get(row["rule"])
        if rule and row["recipient"] in rule.to and row["report"] == rule.report:
            item = Item(rule, dt.date.fromisoformat(row["due_on"]), row["subject_id"], row["period"], row["recipient"])
            items.setdefault(item.key, item)
    for rule in rules:
        for due, subject, period in occurrences(con, rule, start, today):
            for to in rule.to:
                item = Item(rule, due, subject, period, to)
                items.setdefault(item.key, item)
    finished = sendlog.done(log)
    return sorted((i for k, i in items.items() if k not in finished), key=lambda i: (i.due_on, i.rule.id, i.recipient))


# ---- the run ---------------------------------------------------------------------------------------

@dataclass
class Attempt:
    item: Item
    outcome: str            # sendlog.OUTCOMES, or 'dry-run'
    detail: str = ""


@dataclass
class RunResult:
    today: dt.date
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(a.outcome in ("sent", "dry-run") for a in self.attempts)


def _document(con, item: Item, today: dt.date) -> tuple[str, str, tuple[str, bytes], tuple[str, ...]]:
    """(subject, body, (file name, PDF), the report's basins) of an item, in its rule's language."""
    lang = item.rule.lang
    if item.rule.report == "partner":
        p = partners.partner(con, item.subject_id)
        year = int(item.period)
        pdf = partner_report.partner_report_pdf(con, p.id, year, lang, today)
        subject = text.t("send.subject_partner", lang, partner=p.name, year=year)
        body = text.t("send.body_partner", lang, partner=p.name, year=year, basin=p.basin)
        return subject, body, (partner_report.file_name(p.id, year, lang), pdf), (p.basin,)
    brief = present.committee_brief(con, item.subject_id)
    info = brief.info
    date = text.fmt_date(info.held_on, lang)
    pdf = committee_pack.committee_pack_pdf(con, item.subject_id, lang, today)
    subject = text.t("send.subject_pack", lang, date=date, basin=info.basin)
    body = text.t("send.body_pack", lang, date=date, basin=info.basin)
    name = f"{text.t('pack.file', lang)}-{info.held_on.isoformat()}.pdf"
    return subject, body, (name, pdf), (info.basin,)


def run(con, rules: list[Rule], log: Path, today: dt.date, *, dry_run: bool = False,
        smtp: mail.Smtp | None = None) -> RunResult:
    """Send what is due on `today` (see due_items), one message per recipient, logging every attempt.
    A dry run lists what would go and writes nothing."""
    result = RunResult(today)
    if dry_run:  # reads the log, takes no lock, writes nothing
        result.attempts = [Attempt(i, "dry-run") for i in due_items(con, rules, log, today)]
        return result
    with sendlog.run_lock(log):
        items = due_items(con, rules, log, today)
        try:
            smtp = smtp or mail.Smtp.from_settings()
            setup_error = None
        except mail.SendError as exc:
            setup_error = exc
        built: dict[tuple, tuple | AlizeError] = {}
        for item in items:
            outcome, detail = _attempt(con, item, today, smtp, setup_error, built)
            sendlog.record(log, rule=item.rule.id, report=item.rule.report, subject_id=item.subject_id,
                           period=item.period, due_on=item.due_on, recipient=item.recipient, outcome=outcome,
                           detail=detail)
            result.attempts.append(Attempt(item, outcome, detail))
        sendlog.record_run(log, today)
    return result


def _attempt(con, item: Item, today: dt.date, smtp, setup_error, built: dict) -> tuple[str, str]:
    lang = "fr"  # the log speaks the admins' language
    if setup_error is not None:
        return setup_error.outcome, setup_error.translated(lang)
    doc_key = (item.rule.id, item.due_on, item.subject_id, item.period)
    if doc_key not in built:
        try:
            built[doc_key] = _document(con, item, today)
        except AlizeError as exc:
            built[doc_key] = exc
    doc = built[doc_key]
    if isinstance(doc, AlizeError):
        return "failed", doc.translated(lang)
    subject, body, attachment, basins = doc
    decision = recipients.may_receive(item.recipient, basins)
    if not decision.allowed:
        return "refused", AlizeError(key=decision.reason_key, **(decision.fields or {})).translated(lang)
    try:
        mail.send(smtp, mail.message(smtp, item.recipient, subject, body, attachment))
    except mail.SendError as exc:
        return exc.outcome, exc.translated(lang)
    return "sent", text.t("send.sent_detail", lang, name=attachment[0])


def send_test(to: str, lang: str = "fr", log: Path | None = None, smtp: mail.Smtp | None = None) -> str:
    """A test message to `to` (the Envois page: an admin to themself); logged as rule 'test'.
    Returns the French (or English) line saying it went; raises the SendError saying why not."""
    from alize import settings

    log = log or settings.send_log_path()
    today = dt.date.today()
    if not recipients.valid_email(to):
        raise mail.SendError("failed", "error.recipient_invalid", recipient=to)
    try:
        smtp = smtp or mail.Smtp.from_settings()
        mail.send(smtp, mail.message(smtp, to.strip(), text.t("send.test_subject", lang), text.t("send.test_body", lang)))
    except mail.SendError as exc:
        sendlog.record(log, rule="test", report="test", subject_id="", period="", due_on=today, recipient=to,
                       outcome=exc.outcome, detail=exc.translated("fr"))
        raise
    sendlog.record(log, rule="test", report="test", subject_id="", period="", due_on=today, recipient=to,
                   outcome="sent", detail="")
    return text.t("send.test_sent", lang, recipient=to, host=smtp.host)
