"""The one translation catalog (alize.text.CATALOG) and the number and date formats.

The catalog: every key the code uses exists with a French and an English text, every key in it is used,
and each pair has the same `{fields}`. Keys are found by reading the code (AST): literal first arguments
of the lookup functions, `key="error.…"` of the errors, and any string constant shaped like a catalog key
(lists of keys such as the pages' column tables or the slides). Keys built at run time are listed below,
family by family, with their reason.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
import string
from pathlib import Path

import pytest

from alize import AlizeError, text
from alize.accounts.people import ACTIONS
from alize.scope import DECISIONS, KINDS, SECTORS, Scope, parse_date
from alize.store.specs import CHOICES

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
LOOKUPS = {"t", "tr", "_t", "label", "L", "heading", "empty"}  # functions whose first argument is a key
NAMESPACES = {key.split(".", 1)[0] for key in text.CATALOG}

# Keys built at run time: f-string prefix -> (why, the keys it builds).
QUALITY_CHECKS = ("missing_followups", "unsupported_projects", "idle_committees", "missing_establishments",
                  "overdue_instalments", "fund_overcommitted", "missions_after_partner_left", "published")
FUND_TILES = ("contributions_eur", "disbursed_eur", "repaid_eur", "written_off_eur", "outstanding_eur",
              "available_eur")
ROLES = ("viewer", "editor", "admin")
DYNAMIC = {
    "figure.": ("key-figure tiles named by the KeyFigures attribute (overview, CLI, quality's published check)",
                None),  # every figure.* key is also written out literally somewhere: checked as a literal
    "fund.": ("the fund page's tiles and their help, by position column",
              {f"fund.{k}{h}" for k in FUND_TILES for h in ("", "_help")}),
    "quality.": ("the quality checks' titles and explanations, by check name",
                 {f"quality.{k}{h}" for k in QUALITY_CHECKS for h in ("", "_help")}),
    "quality.column.": ("the quality report's headers, by the frames' column names", None),
    "role.": ("a role's name", {f"role.{r}" for r in ROLES}),
    "auth.reserved_": ("the refusal of a page, by the role it needs", {f"auth.reserved_{r}" for r in ROLES}),
    "sentence.extension.": ("the summary's verdict on the interval",
                            {"sentence.extension.includes_zero", "sentence.extension.excludes_zero_rise",
                             "sentence.extension.excludes_zero_fall"}),
    "export": ("the per-year rates' headers (export.per_year, export.per_year_per_1000), by column suffix",
               {"export.per_year", "export.per_year_per_1000"}),
    "column.": ("download and export headers, looked up by the column's name (export.column_label)", None),
    "value.": ("coded values (decisions, kinds, themes, partner kinds, repayment kinds, windows)", None),
    "naf.": ("NAF sections, by letter (text.sector_label)", None),
    "audit.": ("the audit log's actions on the admin page, by code", {f"audit.{a}" for a in ACTIONS}),
}
# The codes value.* and naf.* may name: the vocabularies of the records.
CODES = set(KINDS) | set(DECISIONS) | {"before", "after"} | {v for c in CHOICES.values() for v in c.values()}


def code_files() -> list[Path]:
    return [ROOT / "app.py", *ROOT.glob("alize/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("pages/*.py"),
            *ROOT.glob("tools/**/*.py")]


def _name(func) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _strings(node):
    """The string constants a key argument can be: a literal or either branch of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)


FILE_SUFFIXES = {"py", "duckdb", "csv", "xlsx", "md", "html", "json", "js"}  # `app.py` is a file, not a key


def _looks_like_key(value: str) -> bool:
    head, dot, rest = value.partition(".")
    return (bool(dot and rest) and head in NAMESPACES and value.replace(".", "").replace("_", "").isalnum()
            and value.rsplit(".", 1)[1] not in FILE_SUFFIXES)


def scan() -> tuple[dict[str, str], dict[str, str]]:
    """({literal key: where}, {f-string prefix: where}) over the code, the catalog itself excepted."""
    literal, dynamic = {}, {}
    for path in code_files():
        where = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        catalog = next((n.value for n in ast.walk(tree) if isinstance(n, ast.AnnAssign)
                        and getattr(n.target, "id", None) == "CATALOG"), None)
        skip = {id(n) for n in ast.walk(catalog)} if catalog is not None else set()
        skip |= {id(part) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for part in n.values}
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Call) and (_name(node.func) in LOOKUPS or _name(node.func) == "Key"):
                for value in (_strings(node.args[0]) if node.args else ()):
                    literal.setdefault(value, f"{where}:{node.lineno}")
            if isinstance(node, ast.Call) and _name(node.func) == "plural":  # text.plural: key.one + key.other
                for value in (_strings(node.args[0]) if node.args else ()):
                    for form in ("one", "other"):
                        literal.setdefault(f"{value}.{form}", f"{where}:{node.lineno}")
                    skip.update(id(a) for a in ast.walk(node.args[0]))
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "key" and isinstance(kw.value, ast.Constant) and str(kw.value.value).startswith(
                            "error."):
                        literal.setdefault(kw.value.value, f"{where}:{node.lineno}")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _looks_like_key(node.value):
                literal.setdefault(node.value, f"{where}:{node.lineno}")
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefix = str(node.values[0].value)
                if prefix.partition(".")[0] in NAMESPACES and "." in prefix or prefix == "export":
                    dynamic.setdefault(prefix, f"{where}:{node.lineno}")
    return literal, dynamic


LITERAL, BUILT = scan()


def test_the_scan_finds_the_keys_of_each_kind_of_use():
    for key in ("page.overview", "filter.basins", "figure.aid_eur", "error.store_missing", "slide.territories",
                "auth.wrong_credentials", "field.committee_date", "error.invalid_date"):
        assert key in LITERAL, key
    assert {"figure.", "fund.", "quality.", "role.", "auth.reserved_", "column.", "value.", "naf."} <= set(BUILT)


def test_every_key_used_is_in_the_catalog_in_both_languages():
    missing = {k: where for k, where in LITERAL.items() if k not in text.CATALOG}
    assert not missing, f"keys used but not in the catalog: {missing}"
    for key in LITERAL:
        fr, en = text.CATALOG[key]
        assert fr.strip() and en.strip(), key


def test_every_key_built_at_run_time_is_documented():
    undocumented = {p: where for p, where in BUILT.items() if p not in DYNAMIC}
    assert not undocumented, f"document these key families in DYNAMIC: {undocumented}"
    for prefix, (_, keys) in DYNAMIC.items():
        if keys is not None:
            assert keys <= set(text.CATALOG), (prefix, keys - set(text.CATALOG))


def _family(key: str) -> str | None:
    """The longest documented prefix that builds this key."""
    found = [p for p in DYNAMIC if key.startswith(p)]
    return max(found, key=len) if found else None


def test_every_key_in_the_catalog_is_used():
    unused = []
    for key in text.CATALOG:
        if key in LITERAL:
            continue
        family = _family(key)
        keys = DYNAMIC[family][1] if family else set()
        if family is None or (keys is not None and key not in keys):
            unused.append(key)
        elif family in ("value.", "naf."):
            code = key.split(".", 1)[1]
            assert code in (SECTORS if family == "naf." else CODES), key
    assert not unused, f"catalog keys nothing uses: {unused}"


def test_naf_sections_cover_every_letter():
    assert {k.split(".", 1)[1] for k in text.CATALOG if k.startswith("naf.")} == set(SECTORS)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("key", sorted(text.CATALOG))
def test_french_and_english_have_the_same_fields(key):
    fr, en = text.CATALOG[key]
    assert _fields(fr) == _fields(en)


def test_lookups():
    assert text.t("figure.aid_eur") == "Aide accordée" and text.t("figure.aid_eur", "en") == "Aid granted"
    assert text.t("auth.locked", "fr", seconds=5) == "Trop de tentatives infructueuses : réessayez dans 5 s."
    assert text.t("no.such_key") == "no.such_key"  # a missing entry shows itself, never fails
    assert text.t("figure.aid_eur", "de") == "Aide accordée"  # an unknown language reads French
    assert text.value_label("retained") == "retenu" and text.value_label("retained", "en") == "retained"
    assert text.value_label("unknown_code") == "unknown_code"
    assert text.sector_label("C") == "C – Industrie manufacturière"
    assert text.sector_label("C", "en") == "C – Manufacturing"
    assert text.column_header("cohort") == "Année du comité" and text.column_header("nothing") is None


def test_errors_carry_their_key_and_speak_both_languages():
    exc = AlizeError(key="error.unknown_project", project="P-1")
    assert str(exc) == "projet inconnu : P-1" and exc.translated() == str(exc)
    assert exc.translated("en") == "unknown project: P-1"
    assert AlizeError("as written").translated("en") == "as written"  # no key: the message as is
    when = AlizeError(key="error.no_extension", basin="Nord", date=dt.date(2002, 7, 1))
    assert "(01/07/2002)" in str(when) and "(2002-07-01)" in when.translated("en")
    with pytest.raises(AlizeError) as info:
        parse_date("demain", "date --from")
    assert str(info.value) == "date --from invalide : « demain » (attendu AAAA-MM-JJ, par ex. 2010-03-15)"
    assert info.value.translated("en") == "Invalid date --from: “demain” (expected YYYY-MM-DD, e.g. 2010-03-15)"


# ---- number and date formats ----------------------------------------------------------------------

def test_french_numbers():
    assert text.fmt_number(445135) == f"445{NBSP}135"
    assert text.fmt_number(1234567.891, 2) == f"1{NBSP}234{NBSP}567,89"
    assert text.fmt_number(4.5, 1) == "4,5"
    assert text.fmt_number(999) == "999"
    assert text.fmt_eur(445135) == f"445{NBSP}135{NBSP}€"
    assert text.fmt_pct(0.917) == f"91,7{NBSP}%"
    assert text.fmt_pct(0.5, decimals=0) == f"50{NBSP}%"
    assert text.fmt_delta_pct(0.125) == f"+12,5{NBSP}%"


def test_english_numbers():
    assert text.fmt_number(445135, lang="en") == "445,135"
    assert text.fmt_number(1234567.891, 2, "en") == "1,234,567.89"
    assert text.fmt_eur(445135, "en") == f"445,135{NBSP}€"
    assert text.fmt_pct(0.917, "en") == "91.7%"
    assert text.fmt_delta_pct(-0.125, "en") == "\u221212.5%"


def test_a_rate_change_in_points():
    assert text.fmt_points(7.3) == f"+7,3{NBSP}pts"
    assert text.fmt_points(7.3, "en") == f"+7.3{NBSP}pts"
    assert text.fmt_points(-2.0) == f"\u22122,0{NBSP}pts"  # a true minus, as fmt_number
    assert text.fmt_points(-2.04, "en") == f"\u22122.0{NBSP}pts"
    assert text.fmt_points(0.01) == f"0,0{NBSP}pts"  # no sign on what shows as zero
    assert text.fmt_points(None) == "–"


def test_negative_numbers_take_a_true_minus_and_no_minus_zero():
    assert text.fmt_number(-1234.5, 1) == f"\u22121{NBSP}234,5"  # U+2212; CSV and Excel get raw numbers
    assert text.fmt_eur(-445135) == f"\u2212445{NBSP}135{NBSP}€"
    assert text.fmt_delta_pct(-0.125) == f"\u221212,5{NBSP}%"
    assert text.fmt_number(-0.001, 2) == "0,00"  # rounds to zero: no sign
    assert text.fmt_number(-0.001, 2, "en") == "0.00"


def test_no_value_is_a_dash():
    for value in (None, math.nan, math.inf):
        assert text.fmt_number(value) == "–"
    assert text.fmt_eur(None) == text.fmt_pct(None) == text.fmt_delta_pct(None) == text.fmt_date(None) == "–"


def test_dates_and_periods():
    day = dt.date(2010, 3, 15)
    assert text.fmt_date(day) == "15/03/2010"
    assert text.fmt_date(day, "en") == "2010-03-15"  # English reads ISO dates
    assert text.fmt_period(dt.date(2010, 1, 1), dt.date(2010, 12, 31)) == "2010"
    assert text.fmt_period(dt.date(2006, 1, 1), dt.date(2008, 12, 31), "en") == "2006–2008"
    assert text.fmt_period(dt.date(2006, 7, 1), dt.date(2008, 12, 31)) == "du 01/07/2006 au 31/12/2008"
    assert text.fmt_period(dt.date(2006, 7, 1), dt.date(2008, 12, 31), "en") == "2006-07-01 to 2008-12-31"


def test_format_value_and_the_scope_line():
    assert text.format_value(0.917, "pct") == f"91,7{NBSP}%"
    assert text.format_value(2.5, "num1") == "2,5" and text.format_value(3.0, "num1") == "3"
    assert text.format_value(445135, "eur", "en") == f"445,135{NBSP}€"
    scope = Scope.year(2010, kinds=("creation",))
    assert text.scope_line(scope) == "Périmètre : 2010 · tous les bassins · Création"
    assert text.scope_line(scope, "en") == "Scope: 2010 · all basins · Creation"


def test_plurals_follow_each_language():
    assert text.plural("brief.agenda", 1) == "1 projet à l'ordre du jour"
    assert text.plural("brief.agenda", 0) == "0 projet à l'ordre du jour"  # French: 0 is singular
    assert text.plural("brief.agenda", 2) == "2 projets à l'ordre du jour"
    assert text.plural("brief.agenda", 1200) == "1\u00a0200 projets à l'ordre du jour"
    assert text.plural("brief.agenda", 0, "en") == "0 projects on the agenda"
    assert text.plural("brief.agenda", 1, "en") == "1 project on the agenda"


def test_empty_cells_read_a_dash_never_none_or_nan():
    import pandas as pd
    for value in (None, float("nan"), pd.NA, pd.NaT, "", "  "):
        for kind in ("text", "eur", "date", "leverage", "int"):
            assert text.fmt_cell(value, kind) == "–", (value, kind)
    assert text.fmt_cell(5.26, "leverage") == "×\u00a05,3" and text.fmt_cell(5.26, "leverage", "en") == "×\u00a05.3"
    assert text.fmt_cell(pd.Timestamp("2010-03-15"), "date") == "15/03/2010"
    assert text.fmt_cell(2.5, "days") == "2,5" and text.fmt_cell(3.0, "days") == "3"
    assert text.fmt_cell("retained", "decision") == "retenu"


def test_places_take_their_article_and_elision_in_french():
    assert text.place("Maurienne", "fr", "à") == "à la Maurienne" and text.place("Chambéry", "fr", "à") == "à Chambéry"
    assert text.place("alIZé Savoie", "fr", "de") == "d'alIZé Savoie" and text.place("Maurienne", "fr", "de") == "de la Maurienne"
    assert text.place("Bar-le-Duc", "fr", "de") == "de Bar-le-Duc"
    assert text.place("Maurienne", "fr", start=True) == "La Maurienne"
    assert text.place("Maurienne", "en", "à") == "to Maurienne" and text.place("alIZé Savoie", "en", "de") == "of alIZé Savoie"
    assert text.projects_word(1.45) == "projet" and text.projects_word(2.34) == "projets"
