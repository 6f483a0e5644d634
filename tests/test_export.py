"""Exports: the PowerPoint deck (native charts, values equal to the computed figures), the standalone
HTML report, CSV / Excel downloads (French headers, formula injection) and the deck/report commands."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from alize.cli.main import describe_scope, main
from alize.metrics.figures import figures_by, yearly
from alize.reports import export
from alize.scope import Scope
from alize.store import db
from tests.builders import make_db, small_network

NBSP = "\u00a0"
TODAY = dt.date(2024, 5, 15)
Y2010 = Scope.year(2010)


@pytest.fixture(scope="module")
def con(demo_db):
    c = db.connect(demo_db, read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def deck_2010(con):
    return Presentation(io.BytesIO(export.deck(con, Y2010, "fr", today=TODAY)))


def charts_of(prs):
    """(slide index, chart) of every chart shape, in slide order."""
    return [(i, shape.chart) for i, slide in enumerate(prs.slides) for shape in slide.shapes if shape.has_chart]


def chart_named(prs, key):
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart and shape.name == f"chart-{key}":
                return shape.chart
    raise AssertionError(f"no chart {key}")


def slide_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def series(chart) -> dict[str, dict[str, float]]:
    plot = chart.plots[0]
    cats = list(plot.categories)
    return {s.name: dict(zip(cats, s.values)) for s in plot.series}


# ---- deck ----------------------------------------------------------------------------------------

def test_deck_is_16_9_with_title_figures_and_one_chart_per_slide(deck_2010):
    prs = deck_2010
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    # title, key figures, 3 yearly charts, 2 charts by basin, the Maurienne before/after
    assert len(prs.slides) == 8
    found = charts_of(prs)
    assert [i for i, _ in found] == [2, 3, 4, 5, 6, 7]
    assert [c.chart_type for _, c in found] == [
        XL_CHART_TYPE.COLUMN_CLUSTERED, XL_CHART_TYPE.COLUMN_CLUSTERED, XL_CHART_TYPE.LINE_MARKERS,
        XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.COLUMN_CLUSTERED]
    # native charts only: no picture anywhere
    assert not [s for slide in prs.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_key_figures_slide_has_the_newsletter_figures_in_french(deck_2010):
    body = slide_text(deck_2010.slides[1])
    for value in ("41", "72", "66", "225", f"445{NBSP}135{NBSP}€", "298", f"91,7{NBSP}%"):
        assert value in body, value
    assert "Comités d'agrément" in body and "Taux d'agrément" in body


def test_scope_and_source_in_every_slide_footer(deck_2010):
    scope = describe_scope(Y2010, "fr")
    for n, slide in enumerate(deck_2010.slides, start=1):
        footer = [s for s in slide.shapes if s.name == export.FOOTER_NAME]
        assert len(footer) == 1, n
        assert f"Périmètre : {scope}" in footer[0].text_frame.text
        assert "Source : données de démonstration alIZé" in footer[0].text_frame.text
        assert "15/05/2024" in footer[0].text_frame.text
        assert f"{n} / 8" in slide_text(slide)


def test_yearly_series_equal_the_computed_figures(con, deck_2010):
    aid = series(chart_named(deck_2010, "trend_aid"))["Aide accordée"]
    assert aid["2010"] == 445135
    projects = series(chart_named(deck_2010, "trend_projects"))
    assert projects["Projets étudiés"]["2010"] == 72 and projects["Projets retenus"]["2010"] == 66
    jobs = series(chart_named(deck_2010, "trend_jobs"))["Emplois engagés"]
    assert jobs["2010"] == 298
    # every year of the data, not only the scope's (the scope's year is highlighted)
    first, last = con.execute("SELECT min(year(held_on)), max(year(held_on)) FROM committees").fetchone()
    expected = yearly(con, Scope.years(first, last))
    assert list(aid) == [str(y) for y in expected["year"]]
    assert list(aid.values()) == expected["aid_eur"].tolist()
    assert list(jobs.values()) == expected["jobs_committed"].tolist()


def test_basin_series_equal_figures_by_basin(con, deck_2010):
    expected = figures_by(con, Y2010, "basin").set_index("basin")
    projects = series(chart_named(deck_2010, "basin_projects"))
    aid = series(chart_named(deck_2010, "basin_aid"))["Aide accordée"]
    assert list(aid) == expected.index.tolist()
    for basin, row in expected.iterrows():
        assert aid[basin] == row["aid_eur"]
        assert projects["Projets retenus"][basin] == row["projects_retained"]
        assert projects["Projets étudiés"][basin] == row["projects_studied"]
    assert sum(aid.values()) == 445135


def test_comparison_slide_equals_compare_extension(con, deck_2010):
    compare = pytest.importorskip("alize.metrics.compare")
    result = compare.compare_extension(con, "alIZé Savoie", "Maurienne")
    chart = chart_named(deck_2010, "comparison")
    values = series(chart)
    before = values[f"Avant ({result.before.describe('fr')})"]
    after = values[f"Après ({result.after.describe('fr')})"]
    rows = result.rows.set_index(["territory", "window"])["retained_per_year_per_1000"]
    assert after["Maurienne"] == pytest.approx(rows[("Maurienne", "after")])
    assert before["Maurienne"] is None  # Maurienne was not in the basin before 2009
    assert after["alIZé Savoie (total)"] == pytest.approx(rows[("alIZé Savoie", "after")])
    assert before["Chambéry"] == pytest.approx(rows[("Chambéry", "before")])
    assert "Reste du réseau" in before
    assert "Maurienne" in slide_text([s for s in deck_2010.slides][7])


def test_french_number_formats_in_charts(deck_2010):
    aid = chart_named(deck_2010, "trend_aid")
    fmt = aid.value_axis.tick_labels.number_format
    # literal no-break-space groups: `445 135 €` whatever the viewer's Office locale
    assert fmt == export.pptx_number_format("eur", "fr")
    assert f'[>=1000]#"{NBSP}"##0"{NBSP}€"' in fmt
    assert aid.plots[0].has_data_labels
    assert aid.plots[0].data_labels.number_format == fmt
    assert export.pptx_number_format("eur", "en") == f'#,##0"{NBSP}€"'
    assert export.pptx_number_format("rate", "fr") == "0.00"


def test_english_deck(con):
    prs = Presentation(io.BytesIO(export.deck(con, Y2010, "en", today=TODAY)))
    assert "445,135\u00a0€" in slide_text(prs.slides[1]) and "91.7%" in slide_text(prs.slides[1])
    assert "Scope: 2010 · all basins" in slide_text(prs.slides[0])
    assert "Aid granted" in series(chart_named(prs, "trend_aid"))


def test_basin_without_extension_has_no_comparison_slide(con):
    scope = Scope.year(2010, basins=("alIZé Meuse",))
    prs = Presentation(io.BytesIO(export.deck(con, scope, today=TODAY)))
    assert len(prs.slides) == 7
    assert "alIZé Meuse" in slide_text(prs.slides[4])
    basin = series(chart_named(prs, "basin_aid"))["Aide accordée"]
    assert basin == {"alIZé Meuse": figures_by(con, scope, "basin").iloc[0]["aid_eur"]}


def test_empty_scope_still_builds(con):
    prs = Presentation(io.BytesIO(export.deck(con, Scope.year(1990), today=TODAY)))
    assert "Aucun projet dans ce périmètre" in slide_text(prs.slides[1])
    assert "Aucune donnée pour ce périmètre." in slide_text(prs.slides[5])  # no basin figures


def test_records_source_and_odd_names(tmp_path):
    net = small_network()
    net["basins"][0]["name"] = 'Nord <b>&amp; "Co"'
    c = make_db(tmp_path / "small.duckdb", **net)
    scope = Scope.years(2001, 2002)
    prs = Presentation(io.BytesIO(export.deck(c, scope, today=TODAY)))
    assert "Source : registres du programme alIZé" in slide_text(prs.slides[3])
    assert 'Nord <b>&amp; "Co"' in series(chart_named(prs, "basin_aid"))["Aide accordée"]
    page = export.report_html(c, scope, today=TODAY)
    assert "<b>&amp;" not in page
    assert "Nord &lt;b&gt;&amp;amp; &quot;Co&quot;" in page
    assert "registres du programme" in page


# ---- HTML report ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report_2010(con):
    return export.report_html(con, Y2010, "fr", today=TODAY)


def test_report_holds_the_figures(report_2010):
    page = report_2010
    for value in (f"445{NBSP}135{NBSP}€", f"91,7{NBSP}%", "Comités d'agrément", "Périmètre : 2010 · tous les bassins",
                  "Source : données de démonstration alIZé", "alIZé Savoie : avant et après l'extension à la Maurienne"):
        assert html.escape(value) in page, value
    assert page.count('class="plotly-graph-div"') == 6


def test_report_needs_no_network(report_2010):
    page = report_2010
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"<img\b|<iframe\b|@import|@font-face", page, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?https?:", page, re.IGNORECASE)
    # plotly.js itself is inlined exactly once
    assert len(re.findall(r"<script[^>]*>\s*/\*\*\s*\n?\s*\* plotly\.js v", page)) == 1


def test_report_prints_to_a4(report_2010):
    assert "@page { size: A4" in report_2010
    assert ".modebar-container, .modebar { display: none !important; }" in report_2010
    assert "break-inside: avoid" in report_2010


def test_css_string_escapes():
    assert export._css_string('a"b\\c</style>') == '"a\\22 b\\5c c\\3c /style\\3e "'


# ---- CSV and Excel -------------------------------------------------------------------------------

EVIL = '=HYPERLINK("http://x")'


@pytest.fixture()
def projects_table(tmp_path):
    """A records table read from a database holding a project named like a formula."""
    net = small_network()
    net["projects"][0]["company"] = EVIL
    net["projects"][1]["company"] = "+33 4 79 00 00 00"
    net["projects"][4]["company"] = "@SUM(A1)"
    c = make_db(tmp_path / "evil.duckdb", **net)
    df = c.execute("""SELECT p.id AS project, p.company, c.held_on AS committee_on, p.decision, p.kind,
                             p.aid_eur, p.jobs_committed, p.jobs_committed - 2 AS delta
                      FROM projects p JOIN committees c ON c.id = p.committee ORDER BY p.id""").df()
    df["approval_rate"] = [0.5, 0.25, None, 1.0, 0.9167]
    return df


def test_neutralise():
    for s in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"):
        assert export.neutralise(s) == "'" + s
    assert export.neutralise("Chambéry") == "Chambéry"
    assert export.neutralise("a=1") == "a=1"


def test_csv_french(projects_table):
    data = export.to_csv(projects_table, "fr")
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Projet", "Entreprise", "Date du comité", "Décision", "Type", "Aide accordée (€)",
                       "Emplois engagés", "delta", "Taux d'agrément"]
    p1 = rows[1]
    assert p1[1] == "'" + EVIL            # the formula is text
    assert p1[2] == "01/03/2001"
    assert p1[3] == "retenu" and p1[4] == "Développement"
    assert p1[5] == "10000"               # a number: no thousands separator
    assert p1[7] == "1"
    assert rows[2][1] == "'+33 4 79 00 00 00"
    assert rows[5][1] == "'@SUM(A1)"
    assert rows[4][7] == "-1"             # a negative number stays a number, not neutralised
    assert rows[5][8] == "0,9167"         # decimal comma
    assert rows[3][8] == ""               # no value
    assert rows[3][3] == "refusé"


def test_csv_english(projects_table):
    rows = list(csv.reader(io.StringIO(export.to_csv(projects_table, "en").decode("utf-8-sig"))))
    assert rows[0][:3] == ["Project", "Company", "Committee date"]
    assert rows[1][1] == "'" + EVIL and rows[1][2] == "2001-03-01" and rows[5][8] == "0.9167"


def test_xlsx_neutralised_and_typed(projects_table):
    data = export.to_xlsx({"Projets": projects_table, "Par bassin [2010]": projects_table.head(1)}, "fr")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Projets", "Par bassin  2010"]
    ws = wb["Projets"]
    assert [c.value for c in ws[1]][:3] == ["Projet", "Entreprise", "Date du comité"]
    evil = ws["B2"]
    assert evil.value == "'" + EVIL and evil.data_type == "s"
    assert ws["B3"].value == "'+33 4 79 00 00 00" and ws["B3"].data_type == "s"
    assert ws["B6"].value == "'@SUM(A1)" and ws["B6"].data_type == "s"
    # no cell anywhere is a formula
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert ws["C2"].value == dt.datetime(2001, 3, 1) and ws["C2"].number_format == "dd/mm/yyyy"
    assert ws["F2"].value == 10000 and ws["F2"].number_format == '#,##0 "€"'
    neg = ws["H5"]
    assert neg.value == -1 and neg.data_type == "n"
    assert ws["I2"].value == 0.5 and ws["I2"].number_format == "0.0%"
    assert ws["I4"].value is None
    assert ws["D4"].value == "refusé"
    assert ws.freeze_panes == "A2"


def test_xlsx_single_table_and_labels(projects_table):
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(projects_table, "en", labels={"delta": "Change"})))
    ws = wb[wb.sheetnames[0]]
    assert wb.sheetnames == ["Data"]
    assert ws["B1"].value == "Company" and ws["H1"].value == "Change"


def test_column_labels():
    assert export.column_label("aid_eur") == "Aide accordée (€)"
    assert export.column_label("retained_per_year_per_1000") == \
        "Projets retenus par an pour 1 000 établissements"
    assert export.column_label("retained_per_year_per_1000", "en") == \
        "Projects retained per year per 1,000 establishments"
    assert export.column_label("leverage") == "Effet levier"
    assert export.column_label("something_new") == "something_new"


def test_figures_tables_export(con):
    df = figures_by(con, Y2010, "basin")
    rows = list(csv.reader(io.StringIO(export.to_csv(df).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Bassin" and len(rows) == len(df) + 1
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx({"Bassins": df})))
    ws = wb["Bassins"]
    total = sum(ws.cell(row=r, column=list(df.columns).index("aid_eur") + 1).value for r in range(2, len(df) + 2))
    assert total == 445135


def test_to_csv_rejects_non_tables():
    with pytest.raises(export.AlizeError):
        export.to_csv([1, 2, 3])


def test_index_is_kept(projects_table):
    df = projects_table.set_index("project")
    rows = list(csv.reader(io.StringIO(export.to_csv(df).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Projet" and rows[1][0] == "P1"


# ---- command line --------------------------------------------------------------------------------

def test_cli_deck_and_report(demo_db, tmp_path, capsys):
    out = tmp_path / "deck.pptx"
    assert main(["deck", "--db", str(demo_db), "--from", "2010-01-01", "--to", "2010-12-31", "--out", str(out)]) == 0
    prs = Presentation(str(out))
    assert len(prs.slides) == 8
    assert series(chart_named(prs, "trend_aid"))["Aide accordée"]["2010"] == 445135
    page = tmp_path / "report.html"
    assert main(["report", "--db", str(demo_db), "--from", "2010-01-01", "--to", "2010-12-31",
                 "--basin", "alIZé Savoie", "--lang", "en", "--out", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "Scope: 2010 · alIZé Savoie" in text and "<html lang=\"en\">" in text
    assert "Présentation écrite" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["deck", "--out", "{tmp}/deck.txt"], "extension attendue .pptx"),
    (["report", "--out", "{tmp}/missing/r.html"], "n'existe pas"),
    (["deck", "--out", "{tmp}/d.pptx", "--basin", "Atlantide"], "bassin inconnu"),
    (["deck", "--out", "{tmp}/d.pptx", "--from", "2011-01-01", "--to", "2010-01-01"], "postérieure"),
])
def test_cli_bad_input_is_one_line_exit_2(demo_db, tmp_path, capsys, argv, message):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv] + ["--db", str(demo_db)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_bad_lang_exits_2(demo_db, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["report", "--out", str(tmp_path / "r.html"), "--lang", "de", "--db", str(demo_db)])
    assert exc.value.code == 2


def test_mixed_and_odd_values_stay_safe():
    import decimal

    df = pd.DataFrame({"company": ["\x01=cmd|' /C calc'!A0", "Dupont & Fils <SARL>", 7, -3.5],
                       "days": [decimal.Decimal("2.5"), decimal.Decimal("1.0"), None, decimal.Decimal("-1.5")]})
    rows = list(csv.reader(io.StringIO(export.to_csv(df).decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["'=cmd|' /C calc'!A0", "Dupont & Fils <SARL>", "7", "-3,5"]
    assert [r[1] for r in rows[1:]] == ["2,5", "1", "", "-1,5"]
    ws = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(df))).active
    assert ws["A2"].value == "'=cmd|' /C calc'!A0" and ws["A2"].data_type == "s"
    assert ws["A3"].value == "Dupont & Fils <SARL>"
    assert ws["A4"].value == 7 and ws["A5"].value == -3.5 and ws["A5"].data_type == "n"
    assert ws["B2"].value == 2.5 and ws["B5"].value == -1.5 and ws["B2"].number_format == "#,##0.00"
