"""alIZé dashboard domain: records, scopes, figures. Never imports streamlit."""

from __future__ import annotations

import datetime as dt

from alize import text

__all__ = ["AlizeError", "ScopeError"]


class AlizeError(Exception):
    """An error meant for the user: its message is shown as is.

    Raised with a catalog key (`error.*`) and its fields, `AlizeError(key="error.unknown_project",
    project="P1")`, the message is the French text and `translated(lang)` gives it in the user's language.
    A field may be a `text.Key` (a word of the catalog), a date (formatted per language), an AlizeError (its
    own translation) or a callable taking the language (e.g. a Window's describe)."""

    def __init__(self, message: str | None = None, key: str | None = None, **fields):
        self.key, self.fields = key, fields
        super().__init__(message if message is not None or key is None else self.translated("fr"))

    def translated(self, lang: str = "fr") -> str:
        if self.key is None:
            return str(self)
        return text.t(self.key, lang, **{name: _localised(v, lang) for name, v in self.fields.items()})


def _localised(value, lang: str):
    if isinstance(value, AlizeError):
        return value.translated(lang)
    if isinstance(value, text.Key):
        return text.t(value, lang)
    if isinstance(value, dt.date):
        return text.fmt_date(value, lang)
    return value(lang) if callable(value) else value


class ScopeError(AlizeError):
    """A scope (period, basins, territories...) that cannot be answered."""
