"""Bring in the programme's own records: read CSV/Excel files, validate, preview, write, undo.

The flow a page or the CLI follows:

    plan = check(files, db_path)          # read + validate + preview; opens the db read-only
    if plan.ok:
        result = apply(plan, db_path, user="marie")   # backup copy, one transaction, audit log
    undo_last(db_path, user="marie")      # restore the copy taken before the last import

`files` items may be paths, `(name, bytes)` pairs, `Upload` objects or anything with `.name`
and `.getvalue()` (a Streamlit UploadedFile). Nothing is written by `check`; `apply` refuses a
plan with errors. `apply` and `undo_last` take the database *path*: the caller closes its own
connection to that file first and reopens it afterwards (DuckDB shares one instance per file in a
process, so a connection left open would keep seeing the file as it was before an undo).

Why updates touch only the columns that changed: DuckDB implements an UPDATE of an indexed column
(a primary key or a UNIQUE name) as delete + insert, which a foreign key referencing the row
forbids even inside one transaction. Non-indexed columns update in place, so changing a committee's
place or date while projects point to it works; renaming a basin or territory that other rows
reference is refused at validation with its own message.
"""

from __future__ import annotations

from alize import AlizeError  # noqa: F401 -- what every refusal below derives from
from alize.ingest.audit import (  # noqa: F401 -- the importer's API, one import away
    LOG_COLUMNS,
    UndoResult,
    import_log,
    last_import,
    undo_last,
)
from alize.ingest.common import (  # noqa: F401 -- the importer's API, one import away
    _HEADERS,
    _TABLE_NAMES,
    DEFAULT_MAX_BYTES,
    IGNORED_SHEETS,
    NBSP,
    NNBSP,
    SAMPLE_ROWS,
    THIN,
    ImportRefused,
    _header_lookup,
    _misread_headers,
    _skeleton,
    norm,
    table_for_name,
)
from alize.ingest.parse import (  # noqa: F401 -- the importer's API, one import away
    _PLAIN_NUMBER,
    NUMERIC_KINDS,
    _Bad,
    _blank,
    _bounded,
    _Formula,
    _fr,
    _fr_date,
    _show,
    parse_cell,
    parse_date,
    parse_number,
    unusual,
)
from alize.ingest.preview import (  # noqa: F401 -- the importer's API, one import away
    Preview,
    TableChange,
    _diff,
    _display,
    _empty_state,
    _key_of,
    _load_state,
    _same,
)
from alize.ingest.problems import (  # noqa: F401 -- the importer's API, one import away
    PROBLEM_COLUMNS,
    Problem,
    problems_frame,
)
from alize.ingest.read import (  # noqa: F401 -- the importer's API, one import away
    _FORMULA_TAG,
    _NOT_UTF8,
    _UTF8_EVIDENCE,
    FileInfo,
    Upload,
    _as_input,
    _bytes_text,
    _decode,
    _first_non_utf8_line,
    _has_formula,
    _Input,
    _MixedEncoding,
    _read_csv,
    _read_sheets,
    _read_xlsx,
    _Sheet,
    _size_text,
    _too_many_rows,
    _uncached_formulas,
    _zip_problem,
    read_files,
)
from alize.ingest.stage import (  # noqa: F401 -- the importer's API, one import away
    Row,
    _stage,
)
from alize.ingest.templates import (  # noqa: F401 -- the importer's API, one import away
    _french,
    _help_rows,
    _workbook,
    export_workbook,
    template_csv,
    template_name,
    template_workbook,
)
from alize.ingest.validate import (  # noqa: F401 -- the importer's API, one import away
    ImportPlan,
    _read_state,
    _resolve_refs,
    _validate,
    check,
)
from alize.ingest.write import (  # noqa: F401 -- the importer's API, one import away
    LOG_DDL,
    ImportOutcome,
    ImportResult,
    _arrow,
    _log_id,
    _logged_backups,
    _write,
    apply,
    backups_dir,
    default_user,
    import_files,
)
from alize.store.specs import (  # noqa: F401
    CHOICE_LABELS,
    CHOICES,
    IMPORT_TABLES,
    SPECS,
    Col,
    TableSpec,
)
