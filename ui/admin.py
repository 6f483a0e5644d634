"""The admin page's parts (pages/comptes.py): the accounts (create, disable / re-enable, role and
basins, a one-time password shown once) and the audit log, filterable by person and date, downloadable."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from alize import text
from alize.accounts import people
from alize.accounts.auth import ROLES
from ui import auth
from ui.common import query, tr
from ui.downloads import table_downloads
from ui.widgets import table

ONCE_KEY = "_admin_once"  # the one-time password to show, once, after the rerun that made it


def _basin_names(con) -> list[str]:
    return [r[0] for r in con.cursor().execute("SELECT name FROM basins ORDER BY name").fetchall()]


def _basins_text(account: people.Account) -> str:
    return tr("auth.all_basins") if account.basins is None else ", ".join(account.basins) or tr("auth.no_basin")


def _flash() -> None:
    message = st.session_state.pop(ONCE_KEY, None)
    if message:
        st.success(message, icon=":material/key:")  # shown once: the next run no longer has it


def _basins_input(key: str, names: list[str], current: tuple[str, ...] | None = ()) -> tuple[str, ...] | None:
    every = st.checkbox(tr("accounts.all_basins"), value=current is None, key=f"{key}_all")
    chosen = st.multiselect(tr("accounts.basins"), names, default=[b for b in (current or ()) if b in names],
                            key=f"{key}_basins", disabled=every, placeholder=tr("auth.no_basin"))
    return None if every else tuple(chosen)


def accounts_section() -> None:
    store = auth.accounts()
    names = query(_basin_names)
    me = auth.user_name()
    _flash()
    st.subheader(tr("accounts.list"))
    accounts = store.accounts()
    frame = pd.DataFrame([{"email": a.email, "display_name": a.name, "role": tr(f"role.{a.role}"),
                           "basins": _basins_text(a),
                           "state": tr("accounts.state_disabled" if a.disabled else "accounts.state_active")}
                          for a in accounts], columns=["email", "display_name", "role", "basins", "state"])
    table(frame, {c: (f"column.{c}", "text") for c in frame.columns}, key="accounts_table")

    with st.expander(tr("accounts.create"), icon=":material/person_add:"), \
            st.form("_admin_create", clear_on_submit=True):
        email = st.text_input(tr("auth.email"), max_chars=254)
        name = st.text_input(tr("accounts.name"), max_chars=120)
        role = st.selectbox(tr("accounts.role"), ROLES, format_func=lambda r: tr(f"role.{r}"))
        basins = _basins_input("_admin_new", names)
        if st.form_submit_button(tr("accounts.create_button"), type="primary"):
            try:
                account = store.add(email, name, role, basins, by=me, known_basins=names, must_change=True)
                password = store.reset_password(account.email, by=me)
            except people.AccountError as exc:
                st.error(auth.md_escape(exc))
            else:
                st.session_state[ONCE_KEY] = tr("accounts.created", email=account.email, password=password)
                st.rerun()

    if not accounts:
        return
    st.subheader(tr("accounts.edit"))
    by_email = {a.email: a for a in accounts}
    chosen = st.selectbox(tr("accounts.choose"), list(by_email), key="_admin_chosen")
    account = by_email[chosen]
    c1, c2 = st.columns(2)
    with c1:
        role = st.selectbox(tr("accounts.role"), ROLES, index=ROLES.index(account.role),
                            format_func=lambda r: tr(f"role.{r}"), key=f"_admin_role_{chosen}")
        basins = _basins_input(f"_admin_edit_{chosen}", names, account.basins)
        if st.button(tr("accounts.save"), key="_admin_save", type="primary"):
            _do(lambda: store.update(chosen, role=role, basins=basins, by=me, known_basins=names),
                tr("accounts.saved", email=chosen))
    with c2:
        if account.disabled:
            if st.button(tr("accounts.enable"), key="_admin_enable"):
                _do(lambda: store.set_disabled(chosen, False, by=me), tr("accounts.enabled_done", email=chosen))
        elif st.button(tr("accounts.disable"), key="_admin_disable", disabled=chosen == me):
            _do(lambda: store.set_disabled(chosen, True, by=me), tr("accounts.disabled_done", email=chosen))
        if chosen == me:
            st.caption(tr("accounts.not_self"))
        if st.button(tr("accounts.reset"), key="_admin_reset"):
            password = store.reset_password(chosen, by=me)
            st.session_state[ONCE_KEY] = tr("accounts.reset_done", email=chosen, password=password)
            st.rerun()


def _do(action, done: str) -> None:
    try:
        action()
    except people.AccountError as exc:
        st.error(auth.md_escape(exc))
        return
    st.session_state[ONCE_KEY] = done
    st.rerun()


def log_section() -> None:
    st.subheader(tr("accounts.log"))
    store = auth.accounts()
    people_seen = sorted({a.email for a in store.accounts()} | {r[1] for r in store.audit(limit=5000)})
    c1, c2, c3 = st.columns(3)
    who = c1.selectbox(tr("accounts.log_person"), [None, *people_seen], key="_admin_log_who",
                       format_func=lambda v: "—" if v is None else v)
    start = c2.date_input(tr("accounts.log_from"), value=None, key="_admin_log_from", format="DD/MM/YYYY")
    end = c3.date_input(tr("accounts.log_to"), value=None, key="_admin_log_to", format="DD/MM/YYYY")
    rows = store.audit(who, start if isinstance(start, dt.date) else None, end if isinstance(end, dt.date) else None)
    frame = pd.DataFrame([{"at": at, "account": account, "action": tr(f"audit.{action}"), "detail": detail}
                          for at, account, action, detail in rows], columns=["at", "account", "action", "detail"])
    st.dataframe(frame.rename(columns={c: tr(f"column.{c}") for c in frame.columns}), hide_index=True, placeholder=text.NO_VALUE,
                 width="stretch", height=360)
    table_downloads(frame, "journal-acces", key="dl_audit")
