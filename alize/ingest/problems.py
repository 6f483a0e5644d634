"""What the importer says about a file, a row or a cell: a Problem, French, located."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

# ---- problems ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    code: str            # stable code for tests and pages: bad_header, bad_date, negative_amount...
    message: str         # French
    file: str = ""
    sheet: str | None = None
    row: int | None = None       # as the user sees it: spreadsheet row number, header = 1
    column: str | None = None    # the header as written in the file
    level: str = "erreur"        # "erreur" blocks the import; "avertissement" does not

    @property
    def is_error(self) -> bool:
        return self.level == "erreur"

    @property
    def text(self) -> str:
        where = [self.file] if self.file else []
        if self.sheet:
            where.append(f"feuille « {self.sheet} »")
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        prefix = ", ".join(where)
        tag = "" if self.is_error else "avertissement : "
        return f"{prefix} : {tag}{self.message}" if prefix else f"{tag}{self.message}"


PROBLEM_COLUMNS = {"level": "Niveau", "file": "Fichier", "sheet": "Feuille", "row": "Ligne",
                   "column": "Colonne", "message": "Problème", "code": "Code"}


def problems_frame(problems: Iterable[Problem], french: bool = True) -> pd.DataFrame:
    rows = [{"level": p.level, "file": p.file, "sheet": p.sheet or "", "row": p.row, "column": p.column or "",
             "message": p.message, "code": p.code} for p in problems]
    df = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))
    df["row"] = df["row"].astype("Int64")
    return df.rename(columns=PROBLEM_COLUMNS) if french else df
