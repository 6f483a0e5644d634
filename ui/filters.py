"""The shared filters, drawn once in app.py's sidebar and bound to the URL.

Widget keys are the Scope's URL parameter names (alize.scope.PARAMS), so a copied link reopens the
same selection on any page. Streamlit validates bound values against the options: an unknown basin
in the URL is dropped, never passed to SQL.
"""

from __future__ import annotations

import streamlit as st

from alize import text
from alize.scope import KINDS, PARAMS, Scope, data_period, default_scope
from ui.common import lang, permission, query, set_scope, tr


def _options(con):
    cur = con.cursor()
    basins = [r[0] for r in cur.execute("SELECT name FROM basins ORDER BY name").fetchall()]
    territories = cur.execute(
        "SELECT t.name, b.name FROM territories t JOIN basins b ON b.id = t.basin ORDER BY b.name, t.joined_on, t.name"
    ).fetchall()
    sectors = [r[0] for r in cur.execute("SELECT DISTINCT sector FROM projects ORDER BY 1").fetchall()]
    return basins, territories, sectors


def filter_options():
    """The options the person may choose: only their basins and those basins' territories (a bound
    widget drops any other value from the URL, and ui.auth.check_query_params says so)."""
    basins, territories, sectors = query(_options)
    perm = permission()
    return ([b for b in basins if perm.allows(b)], [(t, b) for t, b in territories if perm.allows(b)], sectors)


def _period_bounds(con):
    return data_period(con), default_scope(con)


def draw_filters() -> Scope:
    """Draw the sidebar filters and return the scope they describe."""
    (first, last), default = query(_period_bounds)
    basins, territories, sectors = filter_options()
    lg = lang()
    min_day = first.replace(month=1, day=1)
    max_day = last.replace(month=12, day=31)

    sb = st.sidebar
    sb.subheader(tr("filter.title"))
    years = list(range(max_day.year, min_day.year - 1, -1))
    sb.selectbox(
        tr("filter.year_shortcut"), [None, "all", *years], key="_year_preset", on_change=_apply_preset,
        args=(min_day, max_day), placeholder=tr("widget.choose_option"),
        format_func=lambda y: {None: "—", "all": f"{min_day.year}–{max_day.year}"}.get(y, str(y)),
    )
    # A click on a year sets these through the session state, on purpose: Streamlit's warning about a
    # default beside such a value is turned off in .streamlit/config.toml (disableWidgetStateDuplicationWarning).
    start = sb.date_input(tr("filter.period_from"), value=default.start, min_value=min_day, max_value=max_day,
                          key=PARAMS["start"], bind="query-params", format="DD/MM/YYYY")
    end = sb.date_input(tr("filter.period_to"), value=default.end, min_value=min_day, max_value=max_day,
                        key=PARAMS["end"], bind="query-params", format="DD/MM/YYYY")
    chosen_basins = sb.multiselect(tr("filter.basins"), basins, key=PARAMS["basins"], bind="query-params",
                                   placeholder=tr("filter.all"), select_all=False)
    terr_options = [name for name, basin in territories if not chosen_basins or basin in chosen_basins]
    _keep_valid(PARAMS["territories"], terr_options)
    chosen_terr = sb.multiselect(tr("filter.territories"), terr_options, key=PARAMS["territories"],
                                 bind="query-params", placeholder=tr("filter.all"), select_all=False)
    # Sectors and kinds show translated labels, so they are synced by hand to keep codes in the URL
    # (?sector=C&kind=creation): a bound widget would write the label of the current language.
    _seed_from_url(PARAMS["sectors"], sectors)
    _seed_from_url(PARAMS["kinds"], KINDS)
    chosen_sectors = sb.multiselect(tr("filter.sectors"), sectors, key=PARAMS["sectors"],
                                    format_func=lambda c: text.sector_label(c, lg), placeholder=tr("filter.all"), select_all=False)
    chosen_kinds = sb.multiselect(tr("filter.kinds"), list(KINDS), key=PARAMS["kinds"],
                                  format_func=lambda k: text.value_label(k, lg), placeholder=tr("filter.all"), select_all=False)
    _sync_url(PARAMS["sectors"], chosen_sectors)
    _sync_url(PARAMS["kinds"], chosen_kinds)
    if start is None or end is None:
        start, end = default.start, default.end
    if start > end:
        sb.warning(tr("filter.period_inverted", start=text.fmt_date(start, lg), end=text.fmt_date(end, lg)))
        start, end = end, start
    scope = Scope(start, end, basins=tuple(chosen_basins), territories=tuple(chosen_terr),
                  sectors=tuple(chosen_sectors), kinds=tuple(chosen_kinds))
    scope = permission().apply(scope)
    set_scope(scope)
    # one horizontal container, where two columns were three elements for the browser to render again
    # at every run, on every page (docs/benchmark.md, "Feel")
    row = sb.container(horizontal=True, gap="small")
    row.button(tr("filter.clear"), key="_clear_filters", icon=":material/filter_alt_off:", width="stretch",
               on_click=_clear, args=(default,), disabled=scope == default, help=tr("filter.clear_help"))
    with row.popover(tr("filter.link"), icon=":material/link:", width="stretch"):
        st.caption(tr("filter.link_help"))
        st.code(view_link(), language=None, wrap_lines=True)  # the code block has its own copy button
    return scope


def set_period(start, end) -> None:
    """Both ends of the shared period, from a callback (a year shortcut, a click on a year's bar), with
    the address changed once. Each bound date widget would change it on its own: two history entries,
    the first with an inverted period (« Retour » would land on it), and two renders of the whole page
    in the browser (18 ms in a minimal page; docs/benchmark.md, "Feel")."""
    st.session_state[PARAMS["start"]], st.session_state[PARAMS["end"]] = start, end
    _address_at_once({PARAMS["start"]: start.isoformat(), PARAMS["end"]: end.isoformat()})


def _address_at_once(values: dict[str, str]) -> None:
    """Streamlit offers no public way to change two widget-bound parameters in one message. Its
    query-parameter object takes the new values in the form its widgets compare with (a list for a
    date widget), and sends them once; each widget then finds its value already in the address and
    sends nothing. Should those internals change, this does nothing and each widget changes the address
    itself, as before (tests/browser/test_pages.py counts the messages)."""
    try:
        from streamlit.runtime.state.session_state_proxy import get_session_state

        with get_session_state().query_params() as params:
            bindings = {key: params.get_binding_for_param(key) for key in values}
            if None in bindings.values():  # a widget not drawn yet in this session: it will write its own
                return
            for key, value in values.items():
                params._query_params[key] = [value] if bindings[key].value_type.endswith("_array_value") else value
            params._send_query_param_msg()
    except (AttributeError, ImportError, TypeError):  # another Streamlit: its own way, a message per widget
        return


def _clear(default: Scope) -> None:
    """Every shared filter back to its default: the latest year, all basins, territories, sectors, kinds."""
    set_period(default.start, default.end)
    for name in ("basins", "territories", "sectors", "kinds"):
        st.session_state[PARAMS[name]] = []


def view_link() -> str:
    """This view's address: the page and every parameter of this run (what the address bar shows)."""
    from urllib.parse import urlencode, urlsplit

    url = urlsplit(st.context.url or "")
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    return f"{url.scheme}://{url.netloc}{url.path}" + (f"?{query}" if query else "")


def _apply_preset(min_day, max_day):
    value = st.session_state.get("_year_preset")
    if value == "all":
        set_period(min_day, max_day)
    elif value is not None:
        import datetime as dt

        set_period(dt.date(value, 1, 1), dt.date(value, 12, 31))
    st.session_state["_year_preset"] = None


def _seed_from_url(key: str, allowed) -> None:
    """On a session's first run, take the widget's value from the URL (known codes only)."""
    if key not in st.session_state:
        wanted = st.query_params.get_all(key)
        st.session_state[key] = [v for v in dict.fromkeys(wanted) if v in allowed]


def _sync_url(key: str, values: list[str]) -> None:
    """Write the codes back: on every run, since a page change clears unbound parameters."""
    if values:
        if st.query_params.get_all(key) != list(values):
            st.query_params[key] = list(values)
    elif key in st.query_params:
        del st.query_params[key]


def _keep_valid(key: str, options: list[str]) -> None:
    """Drop selections that the current options no longer offer (a basin was removed)."""
    current = st.session_state.get(key)
    if current:
        kept = [v for v in current if v in options]
        if kept != current:
            st.session_state[key] = kept
