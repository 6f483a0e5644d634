"""One cell to the value stored: French numbers and dates, codes, choices, each kind's limits."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from alize.ingest.common import NBSP, NNBSP, THIN, norm
from alize.store.specs import (
    CHOICE_LABELS,
    CHOICES,
    DATE_MIN,
    DAYS_MAX,
    ID_MAX,
    NAME_MAX,
    VALUE_MAX,
    Col,
    date_max,
)

# ---- cell parsing ------------------------------------------------------------------------------

class _Bad(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class _Formula:
    """An .xlsx cell holding a formula that was never computed (no cached value): refused when read."""
    text: str      # "=2500*2"
    cell: str      # "I3"

    def __str__(self) -> str:
        return self.text


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip(NBSP + NNBSP + THIN + " \t\r\n"))


def _show(v, limit: int = 60) -> str:
    """A cell as quoted in a message (dates the French way, long values cut)."""
    if isinstance(v, (dt.datetime, dt.date)):
        return f"{v.day:02d}/{v.month:02d}/{v.year:04d}"
    if isinstance(v, int) and not isinstance(v, bool) and v.bit_length() > 160:
        return f"{Decimal(v):.3E}"  # str() of a 5 000-digit int raises
    s = str(v).strip()
    return s if len(s) <= limit else s[:limit - 1] + "…"


def _fr(n) -> str:
    """3000000000 -> `3 000 000 000` (messages)."""
    return f"{int(n):,}".replace(",", " ")


def _fr_date(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# What a number typed in a text cell may look like once spaces, `€` and the thousands separators are
# gone: ASCII digits, one decimal point, a sign. No exponent (`1e3`), no other digits (`٥٠٠٠`), no
# `Infinity`, `NaN` or `1_000` (all of which Decimal() would take).
_PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def parse_number(v) -> Decimal:
    """`445 135 €`, `2,5`, `1 234,50`, `1,234.50`, 12, 12.0 (a numeric cell) -> Decimal.

    Text must be written the French or English way of docs/import.md: `1e3` or `٥٠٠٠` are refused
    (`bad_number`); a numeric cell of a workbook is taken as it is (it may be a float).
    """
    if isinstance(v, bool):
        raise _Bad("bad_number", f"nombre attendu, lu « {v} »")
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise _Bad("bad_number", f"nombre attendu, lu « {_show(v)} »")
        return Decimal(repr(v))
    s = str(v).strip()
    if len(s) > VALUE_MAX:
        raise _Bad("bad_number", f"nombre attendu, lu un texte de {_fr(len(s))} caractères « {_show(v)} »")
    for ch in (NBSP, NNBSP, THIN, " ", "'"):
        s = s.replace(ch, "")
    s = re.sub(r"(?i)(€|eur(os?)?)$", "", s).replace("−", "-")
    if "," in s and "." in s:
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    elif s.count(",") > 1:
        s = s.replace(",", "")
    elif s.count(".") > 1:
        s = s.replace(".", "")
    if not _PLAIN_NUMBER.fullmatch(s):
        hint = ""
        if re.fullmatch(r"[-+]?[0-9.]+[eE][-+]?[0-9]+", s):
            hint = " (notation scientifique non admise : écrivez le nombre en entier, par ex. 1000)"
        elif any(ch.isdigit() and not ch.isascii() for ch in s):
            hint = " (chiffres non latins : écrivez le nombre avec les chiffres 0 à 9)"
        raise _Bad("bad_number", f"nombre attendu, lu « {_show(v)} »{hint}")
    return Decimal(s)


def parse_date(v) -> dt.date:
    """ISO `2010-03-15`, French `15/03/2010` (also `15-03-2010`, `15.03.2010`), Excel dates."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool) and 20000 <= v <= 80000 and float(v).is_integer():
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(v))  # an Excel serial left unformatted
    s = str(v).strip()
    s = re.sub(r"[T ]00:00(:00(\.0+)?)?$", "", s)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise _Bad("bad_date", f"date invalide « {_show(v)} » (attendu JJ/MM/AAAA, par ex. 15/03/2010, ou AAAA-MM-JJ)")


def _bounded(col: Col, n: Decimal, v, what: str, unit: str = "") -> None:
    """Refuse a number above the column's maximum, before anything converts it (int() of 10^5000,
    quantize() of 1E+300, an INTEGER column of 3 000 000 000: none of them is reached)."""
    if col.max is not None and n > col.max:
        raise _Bad("out_of_range", f"{what} hors limites « {_show(v)} » (au plus {_fr(col.max)}{unit})")


NUMERIC_KINDS = ("eur", "int", "year", "days")


def _text(col: Col, v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    k = col.kind
    limit = col.max_len or (ID_MAX if k == "id" else NAME_MAX)
    raw = str(v)
    what = "identifiant" if k == "id" else "texte"
    if len(raw) > 4 * limit + 100:  # too long whatever its spaces: not worth normalising
        raise _Bad("too_long", f"{what} trop long : {_fr(len(raw.strip()))} caractères ({limit} au plus)")
    s = " ".join(raw.replace(NBSP, " ").split()) if k == "text" else raw.strip()
    if len(s) > limit:
        raise _Bad("too_long", f"{what} trop long : {_fr(len(s))} caractères ({limit} au plus)")
    return s


def _date(col: Col, v) -> dt.date:
    d = parse_date(v)
    last = date_max()
    if not DATE_MIN <= d <= last:
        raise _Bad("out_of_range", f"date hors limites « {_show(v)} » (entre le {_fr_date(DATE_MIN)} et le "
                   f"{_fr_date(last)})")
    return d


def _eur(col: Col, v) -> int:
    n = parse_number(v)
    if n < 0:
        raise _Bad("negative_amount", f"montant négatif « {_show(v)} » : un montant est positif")
    _bounded(col, n, v, "montant", " €")
    if n != n.to_integral_value():
        raise _Bad("bad_number", f"montant en euros entiers attendu, lu « {_show(v)} »")
    if col.min is not None and n < col.min:
        raise _Bad("out_of_range", f"montant nul : un {col.label.lower()} est supérieur à 0")
    return int(n)


def _year(col: Col, v) -> int:
    n = parse_number(v)
    last = date_max().year
    if not DATE_MIN.year <= n <= last:
        raise _Bad("out_of_range", f"année hors limites « {_show(v)} » (entre {DATE_MIN.year} et {last})")
    if n != n.to_integral_value():
        raise _Bad("bad_number", f"année entière attendue, lu « {_show(v)} »")
    return int(n)


def _int(col: Col, v) -> int:
    n = parse_number(v)
    if n < 0 and col.min is not None and col.min >= 0:
        raise _Bad("negative_value", f"nombre négatif « {_show(v)} » : la valeur doit être positive")
    _bounded(col, n, v, "nombre")
    if n != n.to_integral_value():
        raise _Bad("bad_number", f"nombre entier attendu, lu « {_show(v)} »")
    if col.min is not None and n < col.min:
        raise _Bad("out_of_range", f"valeur « {_show(v)} » trop petite (au moins {int(col.min)})")
    return int(n)


def _days(col: Col, v) -> float:
    n = parse_number(v)
    top = col.max if col.max is not None else DAYS_MAX
    if n <= 0 or n > top:
        raise _Bad("out_of_range", f"nombre de jours hors limites « {_show(v)} » (plus de 0 et au plus {_fr(top)})")
    if n != n.quantize(Decimal("0.1")):
        raise _Bad("bad_number", f"au plus une décimale pour les jours (demi-journées), lu « {_show(v)} »")
    return float(n)


def _insee(col: Col, v) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() and 0 <= v < 100000:
        v = f"{int(v):05d}"
    s = str(v).strip().upper()
    if not re.fullmatch(r"[0-9][0-9AB][0-9]{3}", s):
        raise _Bad("bad_value", f"code INSEE invalide « {_show(v)} » (5 caractères, par ex. 73065 ou 2A004)")
    return s


def _sector(col: Col, v) -> str:
    s = str(v).strip().upper()
    if re.fullmatch(r"[A-U]", s) or re.match(r"[A-U]\b", s):
        return s[0]
    raise _Bad("bad_value", f"section NAF inconnue « {_show(v)} » (une lettre de A à U)")


def _choice(col: Col, v) -> str:
    mapping = CHOICES[col.choices]
    code = mapping.get(norm(v)) or mapping.get(str(v).strip())
    if code is None:
        allowed = ", ".join(dict.fromkeys(CHOICE_LABELS[col.choices].values()))
        raise _Bad("bad_value", f"valeur non reconnue « {_show(v)} » (valeurs admises : {allowed})")
    return code


# one parser per column kind
_PARSERS = {"id": _text, "text": _text, "date": _date, "eur": _eur, "year": _year, "int": _int, "days": _days,
            "insee": _insee, "sector": _sector, "choice": _choice}


def parse_cell(col: Col, v) -> Any:
    """One cell -> the value stored; raises _Bad with a French message."""
    k = col.kind
    if isinstance(v, _Formula):
        raise _Bad("formula_without_value",
                   f"formule sans valeur calculée « {_show(v.text)} » (cellule {v.cell}) : ouvrez le classeur dans "
                   "Excel ou LibreOffice, enregistrez-le, puis importez-le à nouveau (ou remplacez la formule par "
                   "sa valeur)")
    if isinstance(v, int) and not isinstance(v, bool) and v.bit_length() > 160 and k not in NUMERIC_KINDS:
        # str() of such a number may raise (more than 4 300 digits): no date, code or name looks like it
        code = {"date": "bad_date", "id": "too_long", "text": "too_long"}.get(k, "bad_value")
        raise _Bad(code, f"nombre démesuré « {_show(v)} » : ce n'est pas une valeur possible pour cette colonne")
    if k not in ("id", "text") and isinstance(v, str) and len(v.strip()) > VALUE_MAX:
        raise _Bad("too_long", f"valeur trop longue : {_fr(len(v.strip()))} caractères ({VALUE_MAX} au plus) "
                   f"« {_show(v)} »")
    if k not in _PARSERS:
        raise ValueError(k)
    return _PARSERS[k](col, v)


def unusual(col: Col, value) -> str | None:
    """The warning for a value accepted but unusual (an aid above 500 000 €, 1 000 jobs...), or None."""
    if col.warn is None or value is None or value <= col.warn:
        return None
    if col.kind == "eur":
        return (f"montant inhabituel : {_fr(value)} € (plus de {_fr(col.warn)} €) ; vérifiez-le avant "
                "d'importer")
    return f"nombre inhabituel : {_fr(value)} (plus de {_fr(col.warn)}) ; vérifiez-le avant d'importer"
