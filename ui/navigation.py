"""The pages: their script, title key, address and icon, in menu order (app.py registers them)."""

from __future__ import annotations

PAGES = [
    ("pages/vue-ensemble.py", "page.overview", "vue-ensemble", ":material/dashboard:"),
    ("pages/territoires.py", "page.territories", "territoires", ":material/map:"),
    ("pages/comites.py", "page.committees", "comites", ":material/groups:"),
    ("pages/projets.py", "page.projects", "projets", ":material/work:"),
    ("pages/emplois.py", "page.jobs", "emplois", ":material/trending_up:"),
    ("pages/partenaires.py", "page.partners", "partenaires", ":material/handshake:"),
    ("pages/fonds.py", "page.fund", "fonds", ":material/account_balance:"),
    ("pages/fiche-comite.py", "page.brief", "fiche-comite", ":material/description:"),
    ("pages/presentation.py", "page.presentation", "presentation", ":material/slideshow:"),
    ("pages/import.py", "page.import", "import", ":material/upload_file:"),
    ("pages/qualite.py", "page.quality", "qualite", ":material/fact_check:"),
    ("pages/envois.py", "page.sending", "envois", ":material/outgoing_mail:"),
    ("pages/comptes.py", "page.accounts", "comptes", ":material/manage_accounts:"),
]


def slugs() -> list[str]:
    return [slug for _, _, slug, _ in PAGES]
