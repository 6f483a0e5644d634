"""Envois: the schedule of reports sent by e-mail, the latest attempts and their outcomes, a test message.
Admins only."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from ui import auth
from ui.common import lang, tr
from ui.sending import recent_sends, schedule_table, send_test
from ui.widgets import table

auth.require_role("admin")
lg = lang()
st.title(tr("page.sending"))
st.caption(tr("send.intro"))

st.subheader(tr("send.schedule_title"))
rules, where = schedule_table(lg)
if rules is None:
    st.info(tr("send.no_schedule", detail=where), icon=":material/event_busy:")
else:
    st.caption(tr("send.schedule_file", path=where))
    table(rules, {"rule": ("send.column.rule", "text"), "what": ("send.column.what", "text"),
                  "when": ("send.column.when", "text"), "to": ("send.column.to", "text")}, key="send_schedule")

st.subheader(tr("send.log_title"))
log = recent_sends(lg)
if log.empty:
    st.caption(tr("send.no_log"))
else:
    table(log, {"attempted_at": ("send.column.attempted_at", "text"), "rule": ("send.column.rule", "text"),
                "due_on": ("send.column.due_on", "text"), "recipient": ("send.column.recipient", "text"),
                "outcome": ("send.column.outcome", "text"), "detail": ("send.column.detail", "text")},
          key="send_log", download="envois")

st.subheader(tr("send.test_title"))
with st.form("send_test"):
    to = st.text_input(tr("send.test_email"), key="send_test_to")
    if st.form_submit_button(tr("send.test_button"), icon=":material/send:"):
        ok, message = send_test(to, lg)
        (st.success if ok else st.error)(message)
