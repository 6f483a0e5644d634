"""The read-only tables (ui/table.py): each cell's text as the reader reads it, the value a click on its
header sorts by, and the tables one picks a row of still st.dataframe."""

import datetime as dt
import math
from pathlib import Path

import pandas as pd

from tests.builders import open_page, tables
from ui import table

NBSP = "\u00a0"
COLUMNS = {"firm": ("field.company", "text"), "aid": ("figure.aid_eur", "eur"), "rate": ("figure.approval_rate", "pct"),
           "held": ("field.committee_date", "date"), "decision": ("field.decision", "decision")}
FRAME = pd.DataFrame({
    "firm": ["Écrin Bois", "Atelier Élise", None],
    "aid": [12000, None, 5500.0],
    "rate": [0.917, 0.5, math.nan],
    "held": [dt.date(2010, 3, 15), pd.NaT, pd.Timestamp("2011-01-04")],
    "decision": ["retained", "rejected", "retained"],
})


def test_cells_read_as_in_the_interface_and_sort_by_their_values():
    data = table.table_data(FRAME, COLUMNS, "fr", 420)
    assert [c["label"] for c in data["columns"]] == ["Entreprise", "Aide accordée", "Taux d'agrément",
                                                     "Date du comité", "Décision"]
    assert [c["numeric"] for c in data["columns"]] == [False, True, True, False, False]
    assert data["rows"] == [
        ["Écrin Bois", f"12{NBSP}000{NBSP}€", f"91,7{NBSP}%", "15/03/2010", "retenu"],
        ["Atelier Élise", "–", f"50,0{NBSP}%", "–", "refusé"],
        ["–", f"5{NBSP}500{NBSP}€", "–", "04/01/2011", "retenu"],
    ]
    # numbers sort as numbers (5 500 as an int), dates by their ISO text, words by what is read; empty: None
    assert data["keys"] == [
        ["Écrin Bois", 12000, 0.917, "2010-03-15", "retenu"],
        ["Atelier Élise", None, 0.5, None, "refusé"],
        [None, 5500, None, "2011-01-04", "retenu"],
    ]
    assert data["max_height"] == 420 and data["lang"] == "fr"
    assert data["sort_hint"].startswith("Trier par cette colonne")


def test_in_english_the_headers_and_the_formats_are_english():
    data = table.table_data(FRAME, COLUMNS, "en", 300)
    assert [c["label"] for c in data["columns"]][:2] == ["Company", "Aid granted"]
    assert data["rows"][0][1:] == [f"12,000{NBSP}€", "91.7%", "2010-03-15", "retained"]
    assert data["lang"] == "en" and data["sort_hint"].startswith("Sort by this column")


def test_an_empty_frame_is_a_table_of_headers():
    data = table.table_data(FRAME.iloc[0:0], COLUMNS, "fr", 420)
    assert data["rows"] == [] and data["keys"] == [] and len(data["columns"]) == 5


def test_the_pages_tables_are_html_but_the_ones_a_row_is_picked_from(demo_env):
    """The committees and the projects lists open a committee or a card on a click: st.dataframe,
    with its selection. The others are HTML tables."""
    at = open_page("pages/fonds.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    assert [(t.key, t.element) for t in tables(at)] == [("cohort_rates", "alize_table")]
    at = open_page("pages/fonds.py", **{"from": "2010-01-01", "to": "2010-12-31", "view": "recovery"})
    assert [(t.key, t.element) for t in tables(at)] == [("recovery_table", "alize_table")]
    at = open_page("pages/fonds.py", **{"from": "2010-01-01", "to": "2010-12-31", "view": "basins"})
    assert [(t.key, t.element) for t in tables(at)] == [("fund_by_basin", "alize_table")]
    by_basin = tables(at)[0]
    assert len(by_basin.value) == 7 and by_basin.value["Bassin"].tolist()[-1] == "alIZé Savoie"
    assert by_basin.text["Encours"].str.endswith("€").all()
    at = open_page("pages/comites.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    assert [(t.key, t.element) for t in tables(at)] == [("committees_table", "dataframe")]
    at = open_page("pages/projets.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    assert tables(at)[0].element == "dataframe"


def test_the_script_writes_cells_as_text_never_as_html():
    source = (Path(table.__file__).with_name("table.js")).read_text(encoding="utf-8")
    assert "textContent = cell" in source and "innerHTML" not in source and "insertAdjacentHTML" not in source
