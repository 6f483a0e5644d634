"""Comptes: the accounts and the audit log. Admins only (ui.auth.PAGE_ROLES)."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from ui import admin, auth
from ui.common import tr

auth.require_role("admin")
st.title(tr("accounts.title"))
admin.accounts_section()
st.divider()
admin.log_section()
