"""The pages: their script, title key, address and icon, in menu order (app.py registers them)."""

from __future__ import annotations

PAGES = [
    ("pages/overview.py", "page_overview", "vue-ensemble", ":material/dashboard:"),
    ("pages/territories.py", "page_territories", "territoires", ":material/map:"),
    ("pages/committees.py", "page_committees", "comites", ":material/groups:"),
    ("pages/projects.py", "page_projects", "projets", ":material/work:"),
    ("pages/jobs.py", "page_jobs", "emplois", ":material/trending_up:"),
    ("pages/partners.py", "page_partners", "partenaires", ":material/handshake:"),
    ("pages/fund.py", "page_fund", "fonds", ":material/account_balance:"),
    ("pages/brief.py", "page_brief", "fiche-comite", ":material/description:"),
    ("pages/slides.py", "page_presentation", "presentation", ":material/slideshow:"),
    ("pages/import_data.py", "page_import", "import", ":material/upload_file:"),
    ("pages/quality.py", "page_quality", "qualite", ":material/fact_check:"),
]


def slugs() -> list[str]:
    return [slug for _, _, slug, _ in PAGES]
