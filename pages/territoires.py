"""Territoires, for every basin, in three tabs of which only the open one runs: its territories over
the scope's period (rates per 1,000 establishments) and its communes on a map; when the basin has one,
what its extension changed (before/after per territory, the newcomer's share, the
difference-in-differences, the placebo test); any territories over any periods."""


import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import AlizeError, text
from alize.metrics import compare, geo, records
from alize.reports import charts
from ui import extension
from ui.auth import md_escape
from ui.common import figure, lang, query, scope, tr
from ui.filters import filter_options
from ui.widgets import chart, delta_style, map_backdrop, scope_caption, table, views

lg, sc = lang(), scope()
st.title(tr("page.territories"))
scope_caption(sc)


# The extension's chart: one measure at a time (a picker above it), per territory, before and after.
MEASURES = {  # measure -> (its name in the picker, the chart's title, kind, unit, the basin's total drawn too)
    "retained_per_year_per_1000": ("field.retained_per_year_per_1000", "territories.rate_by_territory", "rate",
                                   "territories.per_1000_unit", True),
    "projects_retained": ("figure.projects_retained", "territories.retained_by_territory", "count", "common.projects", False),
    "aid_eur": ("figure.aid_eur", "territories.aid_by_territory", "eur", None, False),
    "jobs_committed": ("figure.jobs_committed", "territories.jobs_by_territory", "count", "common.jobs", False),
}


@st.fragment  # its own widgets (extension, windows, measure) rerun this section only, not the page
def extension_section(ext) -> None:  # Long: the extension's whole before/after block, as the page reads it
    """The extension chosen, its windows, the figures, the sentence, the placebo test, the chart, the table."""
    newcomers = list(ext["territory"])
    preferred = ext.loc[ext["applies"], "territory"].iloc[0]  # the one that applies to the scope
    newcomer = st.selectbox(tr("territories.extension"), newcomers, key="newcomer", bind="query-params",
                            placeholder=tr("widget.choose_option"),
                            index=newcomers.index(preferred)) or preferred
    chosen = ext[ext["territory"] == newcomer].iloc[0]  # with its default windows (compare.extensions)
    basin = chosen["basin"]

    c1, c2 = st.columns(2)
    before = c1.date_input(tr("territories.window_before"), value=(chosen["before_start"], chosen["before_end"]), key="before",
                           bind="query-params", format="DD/MM/YYYY")
    after = c2.date_input(tr("territories.window_after"), value=(chosen["after_start"], chosen["after_end"]), key="after",
                          bind="query-params", format="DD/MM/YYYY")
    if len(before) != 2 or len(after) != 2:
        st.info(tr("territories.pick_both_dates"))
        return
    st.caption(tr("territories.extension_caption", basin=md_escape(basin), newcomer=md_escape(text.place(newcomer, lg, start=True)), date=text.fmt_date(chosen["joined_on"], lg)))

    try:
        result = query(compare.compare_extension, basin, newcomer, tuple(before), tuple(after),
                       sectors=sc.sectors, kinds=sc.kinds)
    except AlizeError as exc:  # a ScopeError names what is wrong with the windows
        st.error(exc.translated(lg))
        return

    rows = result.rows.copy()
    rows["window_label"] = rows["window"].map({
        "before": f"{tr('value.before')} ({text.fmt_period(result.before.start, result.before.end, lg)})",
        "after": f"{tr('value.after')} ({text.fmt_period(result.after.start, result.after.end, lg)})"})
    rows["label"] = rows.apply(lambda r: f"{tr('common.total')} {r['territory']}" if r["is_total"] else r["territory"], axis=1)

    # The result in one sentence, with its interval
    did = result.did
    m1, m2, m3 = st.columns(3)
    total = rows[rows["is_total"]].set_index("window")
    change = text.fmt_number(total.at["after", "retained_per_year_per_1000"]
                             - total.at["before", "retained_per_year_per_1000"], 2, lg)
    m1.metric(tr("territories.rate_before_after"), text.fmt_number(total.at["after", "retained_per_year_per_1000"], 2, lg),
              change, border=True, help=tr("territories.rate_help"), **delta_style(change))
    if result.newcomer_share:
        m2.metric(tr("territories.newcomer_share", newcomer=md_escape(newcomer), of_newcomer=md_escape(text.place(newcomer, lg, "de"))), text.fmt_pct(result.newcomer_share["projects_retained"], lg),
                  border=True)
    if did is not None:
        m3.metric(tr("territories.did"), text.fmt_number(did.estimate, 2, lg),
                  f"[{text.fmt_number(did.low, 2, lg)} ; {text.fmt_number(did.high, 2, lg)}]", delta_color="off", delta_arrow="off",
                  border=True, help=tr("territories.did_help"))
    st.info(md_escape(result.summary(lg)), icon=":material/insights:")
    extension.placebo_section(result, lg)  # issue 17: the placebo test (ui/extension.py)

    # not in the address: Streamlit would write the picker's label there, in the reader's language
    measure = st.segmented_control(tr("territories.measure"), list(MEASURES), key="measure",
                                   default="retained_per_year_per_1000", required=True,
                                   format_func=lambda m: tr(MEASURES[m][0]))
    _, title, kind, unit, with_total = MEASURES[measure]
    chart(figure(charts.grouped, rows if with_total else rows[~rows["is_total"]], "label", "window_label", measure,
                 tr(title), lg, value_kind=kind, unit_label=tr(unit).lower() if unit else ""),
          key="terr_measure")

    st.subheader(tr("territories.comparison_table"))
    table(rows, {
        "label": ("field.territory", "text"), "window_label": ("field.window", "text"),
        "projects_studied": ("figure.projects_studied", "int"), "projects_retained": ("figure.projects_retained", "int"),
        "aid_eur": ("figure.aid_eur", "eur"), "competence_days": ("figure.competence_days", "num1"),
        "jobs_committed": ("figure.jobs_committed", "int"), "jobs_created": ("field.jobs_created_window_end", "int"),
        "establishments": ("field.establishments", "int"), "retained_per_year": ("field.retained_per_year", "num1"),
        "retained_per_year_per_1000": ("field.retained_per_year_per_1000", "num2"),
    }, key="comparison_table", download="comparaison-territoires")


def scope_section() -> list[str]:
    """The scope's territories over its period: their rates, then their figures; returns their basins."""
    basin_of = dict(filter_options()[1])  # territory → its basin
    names = [name for name, basin in basin_of.items() if (not sc.basins or basin in sc.basins)
             and (not sc.territories or name in sc.territories)]
    st.subheader(tr("territories.scope_title"))
    if not names:
        return []
    period = compare.Window(text.fmt_period(sc.start, sc.end, lg), sc.start, sc.end)
    try:
        per_territory = query(compare.compare, {n: (n,) for n in names}, (period,), sectors=sc.sectors, kinds=sc.kinds)
    except AlizeError as exc:  # a period before any territory joined…
        st.error(exc.translated(lg))
    else:
        per_territory["basin"] = per_territory["group"].map(basin_of)
        ranked = per_territory.sort_values("retained_per_year_per_1000", ascending=False, na_position="last")
        chart(figure(charts.bars, ranked, "group", [("retained_per_year_per_1000", tr("field.retained_per_year_per_1000"))],
                     tr("territories.rate_by_territory"), lg, value_kind="rate", labels=True,
                     unit_label=tr("territories.per_1000_unit")), key="scope_rates")
        table(ranked, {
            "group": ("field.territory", "text"), "basin": ("field.basin", "text"),
            "projects_retained": ("figure.projects_retained", "int"), "aid_eur": ("figure.aid_eur", "eur"),
            "jobs_committed": ("figure.jobs_committed", "int"), "projects_studied": ("figure.projects_studied", "int"),
            "establishments": ("field.establishments", "int"),
            "retained_per_year_per_1000": ("field.retained_per_year_per_1000", "num2"),
        }, key="scope_territories", download="territoires")
        extension.all_sectors_note(sc)
    return sorted({basin_of[n] for n in names})


@st.fragment  # the map's basin picker redraws the map only
def map_section(map_basins: list[str]) -> None:
    """The communes of one basin of the scope (a picker when there are several), on their surroundings."""
    map_basin = st.selectbox(tr("territories.map_basin"), map_basins, key="map_basin", placeholder=tr("widget.choose_option")) \
        if len(map_basins) > 1 else map_basins[0]
    st.subheader(tr("territories.map_title", of_basin=md_escape(text.place(map_basin, lg, "de"))))
    communes = query(geo.commune_activity, map_basin, sc.start, sc.end)
    if communes.empty:
        st.caption(tr("territories.no_map"))
    else:
        chart(figure(charts.commune_map, geo.outlines(), communes, tr("territories.map_chart", period=text.fmt_period(
            sc.start, sc.end, lg)), lg, backdrop=map_backdrop(map_basin, communes)), key="map")
        st.caption(tr("territories.map_source"))


@st.fragment  # its groups and periods rerun the comparison only
def free_comparison() -> None:
    """Any territories over any periods: group A alone over two periods, or A against B."""
    territories = query(records.territory_names)
    f1, f2 = st.columns(2)
    first_run = "_cmp_a_from" not in st.session_state
    if st.session_state.get("_cmp_a_from") != sc.territories:  # the shared territory filter pre-fills group A
        st.session_state["_cmp_a_from"] = sc.territories
        if sc.territories and not (first_run and st.session_state.get("cmp_a")):  # a deep link's own A wins
            st.session_state["cmp_a"] = [t for t in sc.territories if t in territories]
    group_a = f1.multiselect(tr("territories.group_a"), territories, key="cmp_a", bind="query-params",
                             placeholder=tr("widget.choose_territories"), select_all=False)
    group_b = f2.multiselect(tr("territories.group_b"), territories, key="cmp_b", bind="query-params",
                             placeholder=tr("widget.choose_territories"), select_all=False)
    period_a = f1.date_input(tr("territories.period_a"), value=(sc.start, sc.end), key="cmp_pa", bind="query-params",
                             format="DD/MM/YYYY")
    period_b = f2.date_input(tr("territories.period_b"), value=(sc.previous().start, sc.previous().end), key="cmp_pb",
                             bind="query-params", format="DD/MM/YYYY")
    if group_a and len(period_a) == 2 and len(period_b) == 2:
        # A alone: the same territories over two periods; A and B: two groups over both periods
        groups = {"A : " + ", ".join(group_a): tuple(group_a)}
        if group_b:
            groups["B : " + ", ".join(group_b)] = tuple(group_b)
        label_a, label_b = text.fmt_period(*period_a, lg), text.fmt_period(*period_b, lg)
        windows = (compare.Window(label_a, *period_a),
                   compare.Window(label_b if label_b != label_a else label_b + " (2)", *period_b))
        try:
            free = query(compare.compare, groups, windows, sectors=sc.sectors, kinds=sc.kinds)
        except AlizeError as exc:  # a ScopeError names the problem (a window before any data...)
            st.error(exc.translated(lg))
        else:
            chart(figure(charts.grouped, free, "group", "window", "retained_per_year_per_1000", tr("territories.rate_by_territory"), lg,
                         value_kind="rate", unit_label=tr("territories.per_1000_unit")), key="free_rate")
            table(free, {
                "group": ("field.territory", "text"), "window": ("field.window", "text"),
                "projects_studied": ("figure.projects_studied", "int"), "projects_retained": ("figure.projects_retained", "int"),
                "aid_eur": ("figure.aid_eur", "eur"), "jobs_committed": ("figure.jobs_committed", "int"),
                "retained_per_year": ("field.retained_per_year", "num1"),
                "retained_per_year_per_1000": ("field.retained_per_year_per_1000", "num2"),
            }, key="free_table", download="comparaison-libre")
            extension.all_sectors_note(sc)  # issue 17: the rate's denominator with a sector or kind filter
    else:
        st.caption(tr("territories.free_comparison_pick"))


# The shared basin and territory filters narrow the extensions on offer; without one, no such tab
ext = query(compare.extensions_for, sc)
parts = {"scope": "territories.view_scope"}
if not ext.empty:
    parts["extension"] = "territories.extension_title"
parts["free"] = "territories.free_comparison"
tab = views(parts, key="territories_view", implied={"extension": ("newcomer", "before", "after"),
                                                   "free": ("cmp_a", "cmp_b", "cmp_pa", "cmp_pb")})
if tab["scope"].open:
    with tab["scope"]:
        map_basins = scope_section()
        if map_basins:
            map_section(map_basins)
        if ext.empty:
            st.caption(tr("territories.no_extension"))
if "extension" in tab and tab["extension"].open:
    with tab["extension"]:
        extension_section(ext)
if tab["free"].open:
    with tab["free"]:
        st.caption(tr("territories.free_comparison_help"))
        free_comparison()
