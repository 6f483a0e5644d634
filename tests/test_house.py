"""The house rules that a reader cannot check by eye: no import cycles, each layer imports only from the
layers below it, and the domain package never imports Streamlit. Imports inside functions count."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# scope ← store ← metrics ← reports ← cli / ui ← pages, with the leaves they all share at the bottom.
# alize.text (the translation catalog and the formatting) sits lowest on purpose: every layer's error
# messages are translated, AlizeError's own (in alize/__init__) included, so the catalog cannot live above them.
LAYERS = [
    ("alize.text",),
    ("alize", "alize.errors"),
    ("alize.settings",),
    ("alize.scope",),
    ("alize.store", "alize.demo"),
    ("alize.metrics", "alize.accounts"),  # the accounts live in the records store (issue 16)
    ("alize.reports", "alize.ingest"),
    ("alize.cli", "ui"),
    ("tools", "pages"),
    ("app", "alize.__main__"),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    files = [ROOT / "app.py", *ROOT.glob("alize/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("pages/*.py"),
             *ROOT.glob("tools/**/*.py")]
    return {module_name(p): p for p in files}


def imports(path: Path, known: set[str]) -> set[str]:
    """The project modules `path` imports (anywhere in it), resolved to the files that exist."""
    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {resolve(a.name) for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out |= {resolve(f"{node.module}.{a.name}") or resolve(node.module) for a in node.names}
    return {m for m in out if m}


def rank(module: str) -> int:
    best = None
    for i, layer in enumerate(LAYERS):
        for prefix in layer:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[1]):
                best = (i, len(prefix))
    assert best is not None, f"{module} belongs to no layer: add it to LAYERS"
    return best[0]


def package(module: str) -> str:
    """The sub-package a module belongs to (alize.metrics, ui, pages...)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "alize" and len(parts) > 2 else parts[0]


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {m: imports(p, set(mods)) - {m} for m, p in mods.items()}


def test_no_import_cycles():
    g = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(m, stack):
        state[m] = 1
        for n in sorted(g.get(m, ())):
            if n.startswith(m + ".") or m.startswith(n + "."):
                continue  # a package and its own modules
            if state.get(n) == 1:
                cycles.append(" -> ".join([*stack[stack.index(n):], n]))
            elif n not in state:
                visit(n, [*stack, n])
        state[m] = 2

    for m in sorted(g):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_each_layer_imports_only_from_the_layers_below():
    upward = []
    for m, deps in graph().items():
        for n in deps:
            if n.startswith(m + ".") or (n == "alize"):
                continue
            if rank(n) > rank(m) or (rank(n) == rank(m) and package(n) != package(m)):
                upward.append(f"{m} imports {n}")
    assert sorted(upward) == []


def test_the_domain_package_never_imports_streamlit():
    offenders = []
    for path in ROOT.glob("alize/**/*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


MAX_LINES = 80


def test_long_functions_say_why():
    """No function over 80 lines without a `# Long: …` comment just above it saying why."""
    unexplained = []
    for path in [ROOT / "app.py", *ROOT.glob("alize/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("pages/*.py"),
                 *ROOT.glob("tools/**/*.py")]:
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= MAX_LINES:
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                above = lines[first - 2].strip() if first >= 2 else ""
                if not (above.startswith("# Long:") or (above.startswith("#") and any(
                        lines[k].strip().startswith("# Long:") for k in range(max(0, first - 5), first - 1)))):
                    unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert unexplained == []


def test_the_upload_limit_is_one_setting():
    """The importer, the server's upload limit and the help text say the same size (once: 20 MB in the
    importer, 50 MB in the help text and config.toml)."""
    import tomllib

    from alize import settings, text
    from alize.ingest import importer

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == settings.UPLOAD_MAX_MB
    assert importer.DEFAULT_MAX_BYTES == settings.UPLOAD_MAX_BYTES
    assert f"{settings.UPLOAD_MAX_MB} Mo au plus" in text.t("import.upload_help", "fr")
    assert f"{settings.UPLOAD_MAX_MB} MB" in text.t("import.upload_help", "en")
