"""Import des données: templates, upload, validation report, preview, one-transaction import, undo, audit log.
Editors and admins only."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import AlizeError, text
from alize.ingest import importer
from alize.settings import UPLOAD_MAX_MB
from alize.store import db
from ui import auth
from ui.common import connection, lang, open_records, permission, tr
from ui.downloads import table_downloads

auth.require_role("editor")
lg = lang()
st.title(tr("page.import"))
st.caption(tr("import.intro"))

with st.expander(tr("import.templates"), icon=":material/description:"):
    st.write(tr("import.templates_help"))
    st.download_button(tr("import.template_workbook"), data=importer.template_workbook, file_name="modeles-alize.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", on_click="ignore", key="tpl_xlsx")
    table = st.selectbox(tr("import.template_table"), list(importer.SPECS), format_func=lambda t: importer.SPECS[t].label,
                         placeholder=tr("widget.choose_option"),
                         key="tpl_table")
    st.download_button(tr("import.template_csv"), data=importer.template_csv(table), file_name=importer.template_name(table),
                       mime="text/csv", icon=":material/download:", on_click="ignore", key="tpl_csv")

files = st.file_uploader(tr("import.upload"), type=["csv", "xlsx"], accept_multiple_files=True, key="uploads",
                         help=tr("import.upload_help"))
st.caption(tr("import.upload_limit", mb=UPLOAD_MAX_MB))  # Streamlit's own "20MB per file" is hidden in French
if files:
    plan = importer.check(files, db.location(), permitted=permission().basins)  # an editor: their basins only
    if plan.errors:
        st.error(plan.summary(), icon=":material/error:")
        st.markdown("\n".join(f"- {auth.md_escape(p.text)}" for p in plan.errors[:10]))
        problems = plan.problems_frame()
        st.dataframe(problems, hide_index=True, placeholder=text.NO_VALUE, width="stretch")
        table_downloads(problems, "problemes-import", key="dl_problems")
        st.caption(tr("import.nothing_written"))
    else:
        if plan.warnings:
            st.warning(plan.summary(), icon=":material/warning:")
            st.dataframe(plan.problems_frame(), hide_index=True, placeholder=text.NO_VALUE, width="stretch")
        st.subheader(tr("import.preview"))
        st.write(plan.preview.summary())
        st.dataframe(plan.preview.frame(), hide_index=True, placeholder=text.NO_VALUE, width="stretch")
        for change in plan.preview.tables:
            if change.new or change.changed:
                with st.expander(f"{change.label} : {change.new} / {change.changed}"):
                    if not change.new_rows.empty:
                        st.markdown(f"**{tr('import.new_rows')}**")
                        st.dataframe(change.new_rows, hide_index=True, placeholder=text.NO_VALUE, width="stretch")
                    if not change.changed_rows.empty:
                        st.markdown(f"**{tr('import.changed_rows')}**")
                        st.dataframe(change.changed_rows, hide_index=True, placeholder=text.NO_VALUE, width="stretch")
        if plan.ok and st.button(tr("import.import_now"), type="primary", icon=":material/upload:", key="do_import"):
            try:  # a new version of the file is swapped in: colleagues keep reading the one they have
                result = importer.apply(plan, db.location(), user=auth.user_name())
            except AlizeError as exc:  # ImportRefused and the others carry a French message; nothing was written
                st.error(exc.translated(lg))
            else:
                auth.audit("import", auth.import_detail(plan))
                open_records()  # the rest of this run reads the new version
                st.success(result.message, icon=":material/check_circle:")

st.divider()
st.subheader(tr("import.undo_title"))
last = importer.last_import(connection())
if last is None:
    st.caption(tr("import.no_import_yet"))
else:
    st.write(tr("import.last_import", when=str(last.get("logged_at", ""))[:16], who=auth.md_escape(last.get("user_name", "")),
                files=auth.md_escape(last.get("file_names", ""))))
    if st.button(tr("import.undo_now"), icon=":material/undo:", key="do_undo"):
        try:
            auth.check_undo_allowed(last)
            undone = importer.undo_last(db.location(), user=auth.user_name())
        except AlizeError as exc:
            st.error(exc.translated(lg))
        else:
            auth.audit("undo", undone.file_names)
            open_records()
            st.success(tr("import.undone", files=auth.md_escape(undone.file_names)), icon=":material/check_circle:")

st.subheader(tr("import.audit_log"))
log = importer.import_log(connection(), french=True)
if log.empty:
    st.caption(tr("import.no_import_yet"))
else:
    st.dataframe(log, hide_index=True, placeholder=text.NO_VALUE, width="stretch")
    table_downloads(log, "journal-imports", key="dl_log")
