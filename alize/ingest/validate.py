"""The rules a set of files must pass before anything is written, one function per rule, and `check`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from alize import AlizeError, settings
from alize.ingest.common import DEFAULT_MAX_BYTES, norm
from alize.ingest.preview import Preview, _diff, _display, _empty_state, _load_state
from alize.ingest.problems import Problem, problems_frame
from alize.ingest.read import FileInfo, read_files
from alize.ingest.stage import Row, _stage
from alize.store import embedded, postgres
from alize.store.specs import (
    IMPORT_TABLES,
    SPECS,
)

# ---- validation ---------------------------------------------------------------------------------

@dataclass
class ImportPlan:
    files: list[FileInfo]
    problems: list[Problem]
    preview: Preview
    rows: dict[str, list[Row]]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors and any(self.rows.values())

    def problems_frame(self, french: bool = True) -> pd.DataFrame:
        return problems_frame(self.problems, french)

    def summary(self) -> str:
        n, w = self.error_count, len(self.warnings)
        if n:
            return (f"{n} erreur{'s' if n > 1 else ''}"
                    + (f" et {w} avertissement{'s' if w > 1 else ''}" if w else "")
                    + " : rien n'a été enregistré. Corrigez les fichiers puis recommencez.")
        if not any(self.rows.values()):
            return "Aucune ligne à importer."
        return f"Aucune erreur{f' ({w} avertissement' + ('s' if w > 1 else '') + ')' if w else ''} : " \
               f"{self.preview.summary()}."


def _resolve_refs(rows_by_table: dict[str, list[Row]], state) -> None:
    """A basin, territory or partner given by its name instead of its identifier: use the identifier."""
    names: dict[str, dict[str, str]] = {}
    for t in ("basins", "territories", "partners"):
        index = {}
        for key, row in state[t].items():
            index.setdefault(norm(row["name"]), key[0])
        for r in rows_by_table.get(t, []):
            if "name" in r.values and r.values.get("id"):
                index[norm(r.values["name"])] = r.values["id"]
        names[t] = index
    ids = {t: {k[0] for k in state[t]} | {r.values.get("id") for r in rows_by_table.get(t, [])} for t in names}
    for t, rows in rows_by_table.items():
        for c in SPECS[t].cols:
            if c.ref in names:
                for r in rows:
                    v = r.values.get(c.name)
                    if v is not None and v not in ids[c.ref] and norm(v) in names[c.ref]:
                        r.values[c.name] = names[c.ref][norm(v)]


class Staged:
    """The files' rows laid over the store's: what every rule reads."""

    def __init__(self, rows_by_table: dict[str, list[Row]], state):
        self.rows, self.state = rows_by_table, state
        self.merged = {t: dict(state[t]) for t in IMPORT_TABLES}
        self.where_of: dict[tuple[str, tuple], Row] = {}
        for t, rows in rows_by_table.items():
            spec = SPECS[t]
            for r in rows:
                old = self.merged[t].get(r.key())
                self.merged[t][r.key()] = ({**old, **r.values} if old else
                                           {c.name: r.values.get(c.name, c.default) for c in spec.cols})
                self.where_of[(t, r.key())] = r
        self.keys = {t: {r.key() for r in rows} for t, rows in rows_by_table.items()}

    def parent(self, table: str, key):
        return self.merged[table].get((key,)) if key is not None else None

    def touched(self, child_table, child_key, parent_table, parent_key) -> bool:
        """The files bring the child row or its parent: a rule across them is this import's business."""
        return child_key in self.keys.get(child_table, ()) or (parent_key,) in self.keys.get(parent_table, ())

    def blame(self, child_table, child_key, parent_table, parent_key, column, code: str, message: str):
        """The problem, on the file row to blame: the child's (at `column`), else its parent's; None when
        neither comes from the files."""
        r = self.where_of.get((child_table, child_key))
        if r is not None:
            return r.where(column, code, message)
        r = self.where_of.get((parent_table, (parent_key,)))
        return None if r is None else r.where(None, code, message)


def drop_duplicate_keys(rows_by_table: dict[str, list[Row]], problems: list[Problem]) -> None:
    """A key twice in the files: the second is refused (and dropped, so later rules see one row)."""
    for t, rows in rows_by_table.items():
        seen: dict[tuple, Row] = {}
        keep = []
        for r in rows:
            k = r.key()
            if k in seen:
                first = seen[k]
                where = f"ligne {first.row}" + (f" de {first.file}" if first.file != r.file else "")
                problems.append(r.where(SPECS[t].key[0], "duplicate_key",
                                        f"clé en double « {' / '.join(str(_display(x)) for x in k)} » : "
                                        f"déjà présente {where}"))
            else:
                seen[k] = r
                keep.append(r)
        rows_by_table[t] = keep


def dates_in_order(s: Staged):
    for t, rows in s.rows.items():
        for r in rows:
            v = s.merged[t][r.key()]
            if t == "conventions" and v["ends_on"] <= v["starts_on"]:
                yield r.where("ends_on", "date_order", "la date de fin doit suivre la date de début")
            if t == "partners" and v["left_on"] is not None and v["left_on"] <= v["joined_on"]:
                yield r.where("left_on", "date_order", "la date de départ doit suivre la date d'adhésion")
            if t == "projects" and v["closed_on"] is not None and v["closed_on"] < v["submitted_on"]:
                yield r.where("closed_on", "date_order", "la date de cessation précède la date de dépôt")
            if t == "instalments" and v["rescheduled_on"] is not None and v["rescheduled_on"] > v["due_on"]:
                yield r.where("rescheduled_on", "date_order", "la date de rééchelonnement suit la date d'échéance")


def aid_only_when_retained(s: Staged):
    for r in s.rows.get("projects", []):
        v = s.merged["projects"][r.key()]
        if v["decision"] not in ("retained", "pending") and (v["aid_eur"] or v["jobs_committed"]):
            yield r.where("decision", "inconsistent", "seul un projet retenu (ou à l'étude : montants demandés) a "
                          "une aide ou des emplois engagés")


def references_exist(s: Staged):
    """Each reference names a row of the files or of the store; a workbook missing a whole sheet is
    said once, for the sheet."""
    missing_sheets: dict[tuple[str, str], list] = {}
    for t, rows in s.rows.items():
        for c in SPECS[t].cols:
            if not c.ref:
                continue
            known = {k[0] for k in s.merged[c.ref]}
            for r in rows:
                v = r.values.get(c.name)
                if v is None or v in known:
                    continue
                if r.workbook and not s.rows.get(c.ref):
                    missing_sheets.setdefault((r.file, c.ref), []).append((r, v))
                else:
                    yield r.where(c.name, "unknown_reference",
                                  f"{SPECS[c.ref].noun} « {v} » : absent des fichiers importés et de la base")
    for (file, ref), bad in missing_sheets.items():
        examples = ", ".join(dict.fromkeys(f"« {v} »" for _, v in bad))
        sources = ", ".join(dict.fromkeys(f"« {r.sheet} »" for r, _ in bad))
        yield Problem("missing_sheet",
                      f"feuille manquante « {SPECS[ref].sheet} » : {len(bad)} ligne{'s' if len(bad) > 1 else ''} "
                      f"de la feuille {sources} y renvoie{'nt' if len(bad) > 1 else ''} et la base ne "
                      f"contient pas {examples[:300]}", file)


def names_unique(s: Staged):
    for t in ("basins", "territories"):
        by_name: dict[str, list[tuple]] = {}
        for key, v in s.merged[t].items():
            by_name.setdefault(v["name"], []).append(key)
        for name, keys in by_name.items():
            for key in keys if len(keys) > 1 else ():
                r = s.where_of.get((t, key))
                if r is not None and "name" in r.values:
                    others = ", ".join(f"« {k[0]} »" for k in keys if k != key)
                    yield r.where("name", "duplicate_key", f"nom « {name} » déjà utilisé par {others} "
                                  "(les noms sont uniques)")


# what refers to a basin's or a territory's row (DuckDB cannot update an indexed column of such a row)
_CHILDREN = {"basins": (("territories", "basin"), ("conventions", "basin"), ("partners", "basin"),
                        ("committees", "basin")),
             "territories": (("establishments", "territory"), ("communes", "territory"), ("projects", "territory"))}


def no_rename_of_a_referenced_row(s: Staged):
    for t, child_refs in _CHILDREN.items():
        for r in s.rows.get(t, []):
            old = s.state[t].get(r.key())
            renamed = old and "name" in r.values and old["name"] != r.values["name"]
            if renamed and any(row[col] == r.key()[0] for ct, col in child_refs for row in s.state[ct].values()):
                yield r.where("name", "rename_refused",
                              f"le nom « {old['name']} » ne peut pas être changé en « {r.values['name']} » par "
                              "import : d'autres lignes de la base y renvoient (reconstruisez la base depuis des "
                              "fichiers complets pour renommer)")


def project_submitted_before_its_committee(s: Staged):
    for key, p in s.merged["projects"].items():
        com = s.parent("committees", p["committee"])
        if com and s.touched("projects", key, "committees", p["committee"]) and p["submitted_on"] > com["held_on"]:
            yield s.blame("projects", key, "committees", p["committee"], "submitted_on", "date_order",
                          f"projet « {key[0]} » déposé le {_display(p['submitted_on'])}, après son comité "
                          f"« {p['committee']} » du {_display(com['held_on'])}")


def project_in_its_committees_basin(s: Staged):
    for key, p in s.merged["projects"].items():
        com, terr = s.parent("committees", p["committee"]), s.parent("territories", p["territory"])
        if not (com and terr) or terr["basin"] == com["basin"]:
            continue
        if s.touched("projects", key, "committees", p["committee"]) or \
                s.touched("projects", key, "territories", p["territory"]):
            yield s.blame("projects", key, "committees", p["committee"], "committee", "inconsistent",
                          f"projet « {key[0]} » : le comité « {p['committee']} » (bassin {com['basin']}) "
                          f"n'est pas du bassin de son territoire ({terr['basin']})")


def commune_in_the_projects_territory(s: Staged):
    for key, p in s.merged["projects"].items():
        if s.parent("committees", p["committee"]) is None or p["commune"] is None:
            continue
        m = s.parent("communes", p["commune"])
        if m and m["territory"] != p["territory"] and s.touched("projects", key, "communes", p["commune"]):
            yield s.blame("projects", key, "communes", p["commune"], "commune", "inconsistent",
                          f"projet « {key[0]} » : la commune {p['commune']} "
                          f"n'appartient pas au territoire « {p['territory']} »")


def followup_after_the_committee(s: Staged):
    for key, f in s.merged["followups"].items():
        p = s.parent("projects", f["project"])
        com = s.parent("committees", p["committee"]) if p else None
        if not com or f["observed_on"] >= com["held_on"]:
            continue
        if s.touched("followups", key, "projects", f["project"]) or (p["committee"],) in s.keys.get("committees", ()):
            r = (s.where_of.get(("followups", key)) or s.where_of.get(("projects", (f["project"],)))
                 or s.where_of.get(("committees", (p["committee"],))))
            if r is not None:
                yield r.where("observed_on" if r.table == "followups" else None, "date_order",
                              f"suivi du {_display(f['observed_on'])} du projet « {f['project']} » antérieur à "
                              f"son comité du {_display(com['held_on'])}")


def mission_for_a_retained_project(s: Staged):
    for key, m in s.merged["missions"].items():
        p = s.parent("projects", m["project"])
        if p and s.touched("missions", key, "projects", m["project"]) and p["decision"] != "retained":
            yield s.blame("missions", key, "projects", m["project"], "project", "inconsistent",
                          f"mission « {key[0]} » pour le projet « {m['project']} », qui n'est pas retenu")


RULES = (dates_in_order, aid_only_when_retained, references_exist, names_unique, no_rename_of_a_referenced_row,
         project_submitted_before_its_committee, project_in_its_committees_basin,
         commune_in_the_projects_territory, followup_after_the_committee, mission_for_a_retained_project)


# The reference a row's basin is found through, in this order (a project: its committee's basin).
_BASIN_PATH = ("basins", "committees", "projects", "territories", "partners", "communes")


def basin_of(s: Staged, table: str, values: dict, depth: int = 0) -> str | None:
    """The basin id a row belongs to, through its references (merged: the files over the store)."""
    if table == "basins":
        return values.get("id")
    if depth > 5:
        return None
    refs = {c.ref: c.name for c in SPECS[table].cols if c.ref}
    for ref in _BASIN_PATH:
        if ref in refs:
            parent_key = values.get(refs[ref])
            if ref == "basins":
                return parent_key
            parent = s.parent(ref, parent_key)
            return basin_of(s, ref, parent, depth + 1) if parent else None
    return None


def rows_outside_basins(s: Staged, permitted: Iterable[str]):
    """An editor imports only for their basins (names): every file row whose basin, as it would be
    after the import or as it is in the store before it, is another's is refused, by its line."""
    permitted = set(permitted)
    names = {key[0]: row.get("name") for key, row in s.merged["basins"].items()}
    for table, rows in s.rows.items():
        for r in rows:
            old = s.state[table].get(r.key())
            ids = {basin_of(s, table, s.merged[table].get(r.key(), r.values))}
            if old:
                ids.add(basin_of(s, table, old))
            outside = sorted({names.get(b) or str(b) for b in ids if (names.get(b) or b) not in permitted})
            if outside:
                yield r.where(None, "outside_basins",
                              f"ligne hors de vos bassins : bassin {', '.join(outside)} "
                              f"({SPECS[table].label} « {' / '.join(str(_display(x)) for x in r.key())} »)")


def _validate(rows_by_table: dict[str, list[Row]], state, problems: list[Problem]) -> None:
    """Every rule over the files laid on the store (names resolved to ids, duplicates dropped first)."""
    _resolve_refs(rows_by_table, state)
    drop_duplicate_keys(rows_by_table, problems)
    staged = Staged(rows_by_table, state)
    for rule in RULES:
        problems.extend(p for p in rule(staged) if p is not None)  # None: nothing of the files to blame


def check(files: Iterable, db_path: Path | str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
          permitted: Iterable[str] | None = None) -> ImportPlan:
    """Read and validate `files` against the database at `db_path` (opened read-only, never written).
    `permitted`: the importing person's basins (names; None: every basin)."""
    sheets, infos, problems = read_files(files, max_bytes)
    rows_by_table: dict[str, list[Row]] = {}
    for sheet in sheets:
        rows_by_table.setdefault(sheet.table, []).extend(_stage(sheet, problems))
    if sheets and not any(p.is_error for p in problems) and not any(rows_by_table.values()):
        problems.append(Problem("empty_file", "aucune ligne de données dans les fichiers", infos[0].name))
    state = _read_state(db_path)
    _validate(rows_by_table, state, problems)
    if permitted is not None:  # an editor of some basins: rows of any other basin are refused too
        problems.extend(rows_outside_basins(Staged(rows_by_table, state), permitted))
    preview, _ = _diff(rows_by_table, state)
    problems.sort(key=lambda p: (not p.is_error, [i.name for i in infos].index(p.file)
                                 if p.file in [i.name for i in infos] else 99, p.sheet or "", p.row or 0))
    return ImportPlan(infos, problems, preview, rows_by_table)


def _read_state(db_path) -> dict:
    if db_path is None:
        return _empty_state()
    if settings.is_postgres(db_path):
        with postgres.transaction(str(db_path), repeatable_read=True, read_only=True) as con:
            return _load_state(con)
    path = Path(db_path)
    if not embedded.check(path):
        raise AlizeError(f"Base introuvable : {path}")
    with embedded.Snapshot(path) as con:
        return _load_state(con)
