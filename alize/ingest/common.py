"""Limits of one import, the errors it raises, and how file, sheet and header names are recognised."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from alize import AlizeError, settings
from alize.store.specs import (
    SPECS,
    TableSpec,
)

DEFAULT_MAX_BYTES = settings.UPLOAD_MAX_BYTES
SAMPLE_ROWS = 5
NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"

class ImportRefused(AlizeError):
    """An import that cannot be written (validation errors, database problem)."""


IGNORED_SHEETS = {"lisez moi", "lisezmoi", "readme", "notice", "aide", "mode d emploi", "sommaire"}


def norm(text: Any) -> str:
    """Case-, accent- and punctuation-insensitive form: `Date du Comité (€)` -> `date du comite`."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().casefold()
    s = s.replace("n°", "n ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


_TABLE_NAMES = {norm(n): t for t, s in SPECS.items() for n in (*s.names, s.sheet, s.label, t)}


def table_for_name(name: str) -> str | None:
    """`Projets`, `projects.csv`, `alize_comités_2024` -> table name, or None."""
    stem = norm(re.sub(r"\.(csv|txt|xlsx|xlsm)$", "", str(name), flags=re.IGNORECASE))
    if stem in _TABLE_NAMES:
        return _TABLE_NAMES[stem]
    words = stem.split()
    found = set()
    for n, t in _TABLE_NAMES.items():
        parts = n.split()
        if any(words[i:i + len(parts)] == parts for i in range(len(words))):
            found.add(t)
    return found.pop() if len(found) == 1 else None


def _header_lookup(spec: TableSpec) -> dict[str, str]:
    out = {}
    for c in spec.cols:
        for alias in (c.name, c.label, *c.aliases):
            out.setdefault(norm(alias), c.name)
        out.setdefault(norm(c.name.replace("_eur", "")), c.name)
    return out


_HEADERS = {t: _header_lookup(s) for t, s in SPECS.items()}


def _skeleton(text: str) -> str:
    """A header with each run of non-ASCII characters (or `?`, `�`) as one wildcard: `Date du comité`,
    `Date du comitÃ©` (UTF-8 read as Windows-1252), `Date du comitŽ` (Mac Roman) and `Date du comit?`
    share one."""
    return re.sub(r"[^\x00-\x3e\x40-\x7f]+", "\x00", " ".join(text.casefold().split()))


def _misread_headers(unknown: list[str], spec: TableSpec) -> list[tuple[str, str]]:
    """Unrecognised headers that are a label of `spec` with its accents misread (the file's encoding),
    as (header, label)."""
    labels = {_skeleton(c.label): c.label for c in spec.cols if not c.label.isascii()}
    return [(h, labels[_skeleton(h)]) for h in unknown if _skeleton(h) in labels]
