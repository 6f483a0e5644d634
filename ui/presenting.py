"""What the presentation page and the committee brief share: choices kept in the URL as codes
(`?slide=2&committee=SAV-2010-07`, never a translated label) and the committee selector.

A widget bound with `bind="query-params"` writes its *formatted* label to the URL, which would put
`2. Chiffres clés` or `17/11/2010 — alIZé Savoie` in the link and change it with the language; these
widgets are synced by hand instead, as ui.filters does for sectors and kinds."""

from __future__ import annotations

import streamlit as st

from alize.reports import present
from ui.common import lang, today


def seed_from_url(key: str, options: list, default) -> None:
    """Give the widget `key` its value: the URL's on a session's first run (a known option only),
    else keep the current one while it is still offered, else `default`."""
    by_code = {str(o): o for o in options}
    if key not in st.session_state:
        st.session_state[key] = by_code.get(st.query_params.get(key, ""), default)
    elif st.session_state[key] not in options:
        st.session_state[key] = default


def sync_url(key: str, value) -> None:
    """Write the chosen code back to the URL on every run (a page change drops unbound parameters)."""
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)


def committee_picker(held, key: str = "committee") -> str | None:
    """A selector of the scope's committees (`held` = records.committees, newest first), bound to
    `?committee=` by id; the latest committee when the URL names none (or one outside the scope)."""
    lg = lang()
    ids = list(held["committee"])
    labels = {r["committee"]: present.committee_option(r, lg, today()) for _, r in held.iterrows()}
    seed_from_url(key, ids, ids[0] if ids else None)
    chosen = st.selectbox(present.label("field.committee", lg), ids, key=key, format_func=lambda c: labels.get(c, c))
    sync_url(key, chosen)
    return chosen
