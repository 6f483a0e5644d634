"""The pages: their script, title key, address and icon, in menu order (app.py registers them)."""

from __future__ import annotations

PAGES = [
    ("pages/overview.py", "page.overview", "vue-ensemble", ":material/dashboard:"),
    ("pages/territories.py", "page.territories", "territoires", ":material/map:"),
    ("pages/committees.py", "page.committees", "comites", ":material/groups:"),
    ("pages/projects.py", "page.projects", "projets", ":material/work:"),
    ("pages/jobs.py", "page.jobs", "emplois", ":material/trending_up:"),
    ("pages/partners.py", "page.partners", "partenaires", ":material/handshake:"),
    ("pages/fund.py", "page.fund", "fonds", ":material/account_balance:"),
    ("pages/brief.py", "page.brief", "fiche-comite", ":material/description:"),
    ("pages/slides.py", "page.presentation", "presentation", ":material/slideshow:"),
    ("pages/import_data.py", "page.import", "import", ":material/upload_file:"),
    ("pages/quality.py", "page.quality", "qualite", ":material/fact_check:"),
]


def slugs() -> list[str]:
    return [slug for _, _, slug, _ in PAGES]
