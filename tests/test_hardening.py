"""Hardening: values from the URL are checked against the allowed values (unknown ones dropped with a
notice, never echoed, never reaching SQL), no error trace, no user text as HTML, deployment settings."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alize.accounts import auth
from alize.ingest import rebuild
from tests.builders import tables
from ui.auth import (
    md_escape,
    on_community_cloud,
    storage_is_ephemeral,
    unknown_query_values,
)

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
YEAR_2010 = {"from": "2010-01-01", "to": "2010-12-31"}
INJECTIONS = ["' OR 1=1 --", "<script>alert(1)</script>", "alIZé Savoie' --", "%27%20OR%201%3D1"]


def run(**query) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params.update(query)
    return at.run()


def figures(at) -> dict[str, str]:
    return {m.label: m.value.replace(NBSP, " ") for m in at.metric}


@pytest.fixture()
def reference(demo_env):
    return figures(run(**YEAR_2010))


@pytest.mark.parametrize("value", INJECTIONS)
def test_unknown_basin_in_the_url_changes_nothing(reference, value):
    at = run(**YEAR_2010, basin=value)
    assert not at.exception
    assert not at.error
    assert figures(at) == reference  # all basins, as without the parameter
    assert at.multiselect(key="basin").value == []
    [notice] = at.warning
    assert "Bassins" in notice.value and "ignorée" in notice.value
    assert value not in notice.value  # never echoed back
    assert "basin" not in at.query_params  # Streamlit removed it from the URL


def test_a_valid_basin_next_to_an_injection_is_kept(demo_env):
    at = run(**YEAR_2010, basin=["alIZé Savoie", "<script>alert(1)</script>"])
    assert not at.exception
    assert at.multiselect(key="basin").value == ["alIZé Savoie"]
    assert len(at.warning) == 1
    assert int(figures(at)["Projets étudiés"]) < 72


@pytest.mark.parametrize("key", ["territory", "sector", "kind"])
def test_injections_in_other_filters_are_dropped(reference, key):
    at = run(**YEAR_2010, **{key: "<script>alert(1)</script>"})
    assert not at.exception and not at.error
    assert figures(at) == reference
    assert at.multiselect(key=key).value == []
    assert len(at.warning) == 1


@pytest.mark.parametrize("value", ["' OR 1=1 --", "<script>alert(1)</script>", "2010-13-45"])
def test_injections_in_dates_fall_back_to_the_default_period(demo_env, value):
    at = run(**{"from": value})
    assert not at.exception and not at.error
    assert len(at.metric) > 0
    assert any("Du" in w.value for w in at.warning)


def test_the_notice_only_shows_once(demo_env):
    at = run(**YEAR_2010, basin="' OR 1=1 --")
    assert len(at.warning) == 1
    at.run()
    assert not at.warning


def test_unknown_query_values_is_pure():
    allowed = {"basin": ["A", "B"], "from": lambda v: v.startswith("2")}
    assert unknown_query_values({"basin": ["A", "x", "y"], "from": ["2010"], "other": ["z"]}, allowed) == {"basin": 2}
    assert unknown_query_values({"basin": [""]}, allowed) == {}


def test_markdown_escape_makes_user_text_inert():
    """Markdown punctuation as character references; a word joiner (U+2060) after a URL scheme or 'www'
    and before an e-mail's '@', so GFM's autolinks (applied to the decoded text) find no URL or e-mail;
    prose keeps its colon untouched."""
    wj = "\u2060"
    assert md_escape("[x](https://evil.example)") == (
        f"&#91;x&#93;&#40;https{wj}&#58;&#47;&#47;evil&#46;example&#41;")
    assert md_escape("<script>") == "&#60;script&#62;"
    assert md_escape("**gras** `code` $x$") == "&#42;&#42;gras&#42;&#42; &#96;code&#96; &#36;x&#36;"
    assert md_escape("www.evil.org a@b.fr") == f"www{wj}&#46;evil&#46;org a{wj}&#64;b&#46;fr"
    assert md_escape("ligne 1\n# titre") == "ligne 1 &#35; titre"   # no heading, no list from a newline
    assert md_escape("Savoie : avant") == "Savoie &#58; avant" and md_escape("mailto:x") == f"mailto{wj}&#58;x"


def _calls_with_unsafe_html(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "html" or any(k.arg == "unsafe_allow_html" and not (
                    isinstance(k.value, ast.Constant) and k.value.value is False) for k in node.keywords):
                lines.append(node.lineno)
    return lines


def test_no_user_text_is_rendered_as_raw_html():
    """The app never turns on raw HTML (unsafe_allow_html) and calls st.html only in ui/style.py, with
    a stylesheet that is a module constant written as one string literal: Streamlit escapes every other
    string, so a firm's name or an uploaded cell cannot inject markup."""
    style = ROOT / "ui" / "style.py"
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
    offenders = {str(f.relative_to(ROOT)): lines for f in files if f != style and (lines := _calls_with_unsafe_html(f))}
    assert offenders == {}
    tree = ast.parse(style.read_text(encoding="utf-8"))
    constants = {n.targets[0].id: n.value for n in tree.body if isinstance(n, ast.Assign)}

    def literal(node) -> str:
        """A module constant written as string literals, or a sum of such constants; nothing else."""
        if isinstance(node, ast.Name):
            return literal(constants[node.id])
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return literal(node.left) + literal(node.right)
        assert isinstance(node, ast.Constant) and isinstance(node.value, str), ast.unparse(node)
        return node.value

    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "html"]
    assert calls
    styles = r"(<style>[^<]*</style>)*"  # stylesheets only: no tag but <style> and </style>
    for call in calls:
        assert len(call.args) == 1 and isinstance(call.args[0], ast.Name), ast.unparse(call)
        value = literal(call.args[0])
        if call.keywords:  # the one script: it sets the page's language and nothing else
            assert [ast.unparse(k) for k in call.keywords] == ["unsafe_allow_javascript=True"], ast.unparse(call)
            assert re.fullmatch(styles + r"<script>document\.documentElement\.lang = '(fr|en)';</script>", value), value
        else:
            assert value.startswith("<style>") and re.fullmatch(styles, value), value


def test_every_page_starts_with_the_guard_that_sends_a_direct_request_through_app_py():
    """Streamlit runs pages/x.py by itself for a first request to /x on a fresh server (no app.py, so no
    sign-in gate): each page's first statement after `import streamlit` runs the router in its place."""
    for page in sorted((ROOT / "pages").glob("*.py")):
        source = page.read_text(encoding="utf-8")
        body = [n for n in ast.parse(source).body
                if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))      # docstring
                and not (isinstance(n, ast.ImportFrom) and n.module == "__future__")]
        first = next(i for i, n in enumerate(body) if not isinstance(n, (ast.Import, ast.ImportFrom)))
        assert "import streamlit as st" in [ast.unparse(n) for n in body[:first]], page.name
        guard = ast.unparse(body[first])  # the first statement that is not an import
        assert guard == ("if st.session_state.pop('_routed', None) is not True:\n"
                         "    from ui.router import run_in_place\n    run_in_place()"), page.name
    # the pass lasts one run: set by the router right before it runs the page (after the gate), taken
    # by the page's guard; so a page file run by itself in a later run never finds one left over
    router = (ROOT / "ui" / "router.py").read_text(encoding="utf-8")
    assert "st.session_state[ROUTED] = True\n    nav.run()" in router
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert " nav.run(" not in app and "_routed\"" not in app and "run_routed(nav)" in app


def test_a_page_run_by_itself_runs_the_router_and_its_gate(demo_env):
    """AppTest starts every run in Streamlit's legacy mode, as a fresh server does for its first
    request: a switch to pages/x.py runs that file by itself. Its guard runs app.py in its place, gate
    included: signed out, the sign-in screen and nothing of the records, run after run."""
    from alize.accounts import people

    people.store().add("lecture@cci-savoie.fr", "Lecture", "viewer", None, "une-phrase-de-passe")  # accounts: sign-in on
    for page in ("pages/projets.py", "pages/fiche-comite.py", "pages/vue-ensemble.py"):
        at = AppTest.from_file("../app.py", default_timeout=60)
        at.query_params.update({"from": "2010-01-01", "to": "2010-12-31"})
        at.run()
        for _ in range(2):
            at.switch_page(page).run()
            assert not at.exception, page
            assert len(at.text_input) == 2 and not tables(at) and not at.metric and not at.sidebar.multiselect, page


def test_every_page_file_is_named_like_its_address():
    """On a fresh server Streamlit looks the first request's address up among pages/*.py: a file named
    otherwise answers "Page not found" before the router runs. Named alike, the file runs, and its
    guard runs the router (gate included) in its place."""
    from ui import navigation

    for path, _, slug, _ in navigation.PAGES:
        assert path == f"pages/{slug}.py", (path, slug)
    assert {p.stem for p in (ROOT / "pages").glob("*.py")} == set(navigation.slugs())


# ---- deployment settings ----------------------------------------------------------------------

def test_streamlit_config_limits_uploads_and_sends_no_statistics():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert 0 < config["server"]["maxUploadSize"] <= 50
    assert config["theme"]["primaryColor"]
    assert config["server"].get("enableXsrfProtection", True) is True


def test_secrets_example_is_valid_and_not_the_real_file():
    text = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    example = tomllib.loads(text)
    # as shipped: passwords per account, closed until the first admin exists; the [auth] block is commented out
    with pytest.raises(auth.AuthConfigError, match="créez le premier administrateur"):
        auth.access_config(example)
    assert auth.access_config(example, has_accounts=True).mode == "password"
    uncommented = "\n".join(line[2:] if line.startswith("# ") and "=" in line or line.startswith("# [")
                            else line for line in text.splitlines())
    assert auth.access_config(tomllib.loads(uncommented)).mode == "oidc"
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text()
    assert ".streamlit/secrets.toml" in (ROOT / ".dockerignore").read_text()


def test_dockerfile_keeps_data_on_a_volume():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "VOLUME" in text and "/data" in text and "ALIZE_DB" in text
    assert "USER" in text  # not root
    assert "HEALTHCHECK" in text


# ---- ephemeral disk ---------------------------------------------------------------------------

def test_community_cloud_is_detected():
    assert on_community_cloud(Path("/mount/src/alize"), {})
    assert on_community_cloud(Path("/app"), {"HOSTNAME": "streamlit", "HOME": "/home/appuser"})
    assert not on_community_cloud(Path("/work/main"), {"HOSTNAME": "laptop", "HOME": "/root"})


def test_ephemeral_unless_remote_or_overridden():
    cloud = Path("/mount/src/alize")
    assert storage_is_ephemeral({}, cloud)
    assert not storage_is_ephemeral({"ALIZE_DB": "md:alize"}, cloud)
    assert not storage_is_ephemeral({"ALIZE_DB": "postgresql://alize@db/alize"}, cloud)  # records on a server
    assert not storage_is_ephemeral({"ALIZE_EPHEMERAL": "0"}, cloud)
    assert storage_is_ephemeral({"ALIZE_EPHEMERAL": "1"}, Path("/srv/app"))
    assert not storage_is_ephemeral({}, Path("/srv/app"))


def test_the_app_warns_once_when_imports_would_be_lost(demo_env, monkeypatch):
    monkeypatch.setenv("ALIZE_EPHEMERAL", "1")
    at = run(**YEAR_2010)
    assert any("disque éphémère" in w.value for w in at.warning)
    at.run()
    assert not any("disque éphémère" in w.value for w in at.warning)
    assert len(at.metric) > 0


def test_database_location_from_secrets(demo_env, monkeypatch, tmp_path):
    """`[alize] db` in secrets is used when ALIZE_DB is not set; ALIZE_DB wins otherwise."""
    import os

    monkeypatch.delenv("ALIZE_DB")
    target = tmp_path / "from-secrets.duckdb"
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.secrets["alize"] = {"db": str(target)}
    at.run()
    assert not at.exception
    assert os.environ["ALIZE_DB"] == str(target)
    # a configured file that is not there is never created with the demo: the page says how to create it
    [error] = at.error
    assert "n'existe pas" in error.value and "python -m alize init" in error.value
    assert not target.exists() and len(at.metric) == 0
    rebuild.build(target)   # what `python -m alize init` does
    at.run()
    assert not at.exception and not at.error and len(at.metric) > 0
    monkeypatch.setenv("ALIZE_DB", str(demo_env))
    at.run()
    assert os.environ["ALIZE_DB"] == str(demo_env)
