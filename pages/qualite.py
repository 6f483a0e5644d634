"""Qualité des données: counts per table and the checks a manager runs before trusting the figures."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import text
from alize.metrics import quality
from ui import auth
from ui.common import lang, query, tr
from ui.downloads import table_downloads

auth.require_role("editor")
lg = lang()
st.title(tr("page.quality"))

rep = query(quality.report, lang=lg)
st.caption(tr("quality.as_of", date=text.fmt_date(rep.as_of, lg)))
c1, c2 = st.columns([2, 3])
with c1:
    st.subheader(tr("quality.table_counts"))
    st.dataframe(quality.french(rep.counts, lg), hide_index=True, placeholder=text.NO_VALUE, width="stretch")
with c2:
    st.subheader(tr("quality.checks"))
    summary = rep.summary(lg)
    st.dataframe(summary, hide_index=True, placeholder=text.NO_VALUE, width="stretch")
    table_downloads(summary, "controles-qualite", key="dl_quality_summary")

for check in rep.checks:
    icon = ":material/check_circle:" if check.ok else ":material/warning:"
    with st.expander(f"{check.title} — {text.fmt_number(check.count, 0, lg)}", icon=icon, expanded=not check.ok
                     and check.key == "published"):
        st.caption(check.description)
        if check.frame.empty:
            st.write(tr("quality.nothing_to_report"))
        else:
            frame = check.french(lg)
            st.dataframe(frame, hide_index=True, placeholder=text.NO_VALUE, width="stretch")
            table_downloads(frame, f"qualite-{check.key}", key=f"dl_{check.key}")
