"""The demonstration network looks like a real programme (issue 17), and stays calibrated: checked on
the shipped demo (the session's demo_db), each property against the rule the generator follows."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from alize.demo import generator
from alize.metrics import jobs, quality
from alize.scope import Scope


@pytest.fixture(scope="module")
def con(demo_db):
    c = duckdb.connect(str(demo_db), read_only=True)
    yield c
    c.close()


def one(con, sql, params=()):
    return con.execute(sql, list(params)).fetchone()


def test_aid_is_round_or_a_budget_share_under_the_basins_cap_with_no_plug(con):
    rows = con.execute("""SELECT c.basin, year(c.held_on), p.aid_eur FROM projects p JOIN committees c ON c.id = p.committee
                          WHERE p.decision = 'retained' AND p.aid_eur > 0""").fetchall()
    assert all(aid % 5 == 0 and generator.AID_FLOOR <= aid <= generator.AID_CAPS[b] for b, _, aid in rows)
    odd = [aid for _, year, aid in rows if aid % 500]
    assert 0.05 < len(odd) / len(rows) < 0.2  # most aid is a round 500 € multiple
    in_2010 = [aid for b, year, aid in rows if year == 2010 and aid % 500]
    # 445 135 € is reached by several budget-share amounts, none of which carries the remainder alone
    assert len(in_2010) >= 3 and sum(in_2010) % 500 == 445_135 % 500
    assert all(aid % 500 != 445_135 % 500 for aid in in_2010)


def test_committees_meet_on_every_weekday_and_their_yearly_number_varies(con):
    days = dict(con.execute("SELECT isodow(held_on), count(*) FROM committees GROUP BY 1").fetchall())
    assert set(days) == {1, 2, 3, 4, 5}  # never at the weekend
    assert days[1] / sum(days.values()) < 0.25  # not 41 % on Mondays
    per_year = [n for (n,) in con.execute("SELECT count(*) FROM committees GROUP BY year(held_on)").fetchall()]
    assert max(per_year) - min(per_year) >= 6


def test_follow_ups_are_irregular_late_or_missing(con):
    late, total = one(con, """
        WITH f AS (SELECT f.observed_on, c.held_on FROM followups f JOIN projects p ON p.id = f.project
                   JOIN committees c ON c.id = p.committee WHERE f.jobs > 0)
        SELECT count(*) FILTER (WHERE (observed_on - held_on) % 365 BETWEEN 35 AND 300), count(*) FROM f""")
    assert 0.05 < late / total < 0.3  # some visits months after the anniversary
    never = one(con, """SELECT count(*) FROM projects p WHERE p.decision = 'retained'
                        AND NOT EXISTS (SELECT 1 FROM followups f WHERE f.project = p.id)""")[0]
    assert never > 0
    s = jobs.jobs_summary(con, Scope.years(2006, 2020))
    assert s.missing_3y > 0 and s.missing_5y > 0


def test_survival_about_90_percent_at_3_years_and_savoie_near_its_published_303_jobs(con):
    s = jobs.jobs_summary(con, Scope.years(2006, 2020))
    assert 0.87 <= s.survival_rate_3y <= 0.93
    savoie = jobs.jobs_summary(con, Scope.years(2006, 2018, basins=("alIZé Savoie",)))
    assert abs(savoie.jobs_created - 303) <= 30  # "303 emplois créés depuis 2006"


def test_repayments_follow_the_schedule_some_late_a_few_rescheduled_and_early_write_offs(con):
    late = one(con, """
        WITH r AS (SELECT project, paid_on, row_number() OVER (PARTITION BY project ORDER BY paid_on) AS n
                   FROM repayments WHERE kind = 'repayment'),
             i AS (SELECT project, due_on, row_number() OVER (PARTITION BY project ORDER BY due_on) AS n
                   FROM instalments)
        SELECT count(*) FILTER (WHERE r.paid_on > i.due_on + 30), count(*) FROM r JOIN i USING (project, n)""")
    assert 0.02 < late[0] / late[1] < 0.2
    rescheduled = one(con, "SELECT count(DISTINCT project) FROM instalments WHERE rescheduled_on IS NOT NULL")[0]
    loans = one(con, "SELECT count(*) FROM projects WHERE decision = 'retained' AND aid_eur > 0")[0]
    assert 0 < rescheduled / loans < 0.1
    early = one(con, """SELECT count(*) FROM repayments r JOIN projects p ON p.id = r.project
                        WHERE r.kind = 'write_off' AND (p.closed_on IS NULL OR r.paid_on < p.closed_on)""")[0]
    assert early > 0  # written off before (or without) a closure


def test_no_mission_after_its_partner_left(con):
    assert quality.missions_after_partner_left(con).empty


def test_the_schedule_adds_up_to_the_aid(con):
    assert one(con, """SELECT count(*) FROM (SELECT p.id, p.aid_eur, sum(i.amount_eur) AS s FROM projects p
                       JOIN instalments i ON i.project = p.id GROUP BY ALL) WHERE s <> aid_eur""")[0] == 0
    assert one(con, "SELECT min(due_on) >= ? FROM instalments", [dt.date(2006, 1, 1)])[0]
