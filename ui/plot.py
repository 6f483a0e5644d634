"""The dashboard's chart element: a Streamlit component (st.components.v2) that redraws its chart in
place with Plotly.react.

Why not st.plotly_chart: its element is mounted anew whenever the figure changes, so every filter change
built every Plotly plot from nothing (in a minimal page with 8 charts, a change took 0.40 s against 0.30
s here), and the territories' map started a new MapLibre map. Here the chart's <div> stays and Plotly only redraws what changed
(docs/benchmark.md, "Feel").

plotly.js comes from the installed plotly package itself (the bundle that matches the figures it
writes), copied into the app's `static/` folder (served by `server.enableStaticServing`, under a name
carrying its version so that browsers never keep an old one). Where that folder cannot be written or
static serving is off, charts fall back to st.plotly_chart, and nothing else changes."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from functools import lru_cache
from pathlib import Path

import orjson
import plotly
import plotly.io
import streamlit as st

from alize import text

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
BUNDLE = f"plotly-{plotly.__version__}.min.js"
_JS = Path(__file__).with_name("plot.js").read_text(encoding="utf-8")
NAME = "alize_plot"

log = logging.getLogger(__name__)

# The mode bar's words over each chart, which plotly.js looks up by their English (alize.text)
PLOTLY_WORDS = ("plotly.autoscale", "plotly.box_select", "plotly.compare_on_hover", "plotly.double_click_zoom_out",
                "plotly.download", "plotly.download_png", "plotly.lasso_select", "plotly.pan", "plotly.produced_with",
                "plotly.reset_axes", "plotly.reset_view", "plotly.closest_on_hover", "plotly.snapshot_taking",
                "plotly.snapshot_done", "plotly.snapshot_failed", "plotly.spike_lines", "plotly.zoom",
                "plotly.zoom_in", "plotly.zoom_out")


# as ui/plot.js's CONFIG: no logo, no button uploading the chart to Plotly Cloud
FALLBACK_CONFIG = {"displaylogo": False, "showSendToCloud": False}


@lru_cache(maxsize=4)
def plotly_locale(lang: str) -> dict | None:
    """plotly.js's dictionary for `lang` (None in English, its own language)."""
    if lang == "en":
        return None
    return {"name": lang, "dictionary": {text.t(key, "en"): text.t(key, lang) for key in PLOTLY_WORDS}}


def bundle_source() -> Path:
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def ensure_bundle(static: Path = STATIC) -> bool:
    """Put plotly.js in the static folder once (a temporary name, then renamed: another server starting
    at the same time never serves half a file). False when it cannot be done."""
    target = static / BUNDLE
    source = bundle_source()
    try:
        if target.is_file() and target.stat().st_size == source.stat().st_size:
            return True
        static.mkdir(exist_ok=True)
        temporary = static / f".{BUNDLE}.{os.getpid()}.tmp"
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
        return True
    except OSError as error:
        log.warning("plotly.js cannot be served from %s (%s): charts use st.plotly_chart", static, error)
        return False


def served_json(document, stem: str, static: Path = STATIC) -> str | None:
    """A JSON document served by the app's static files, at an address the page's figures can name:
    a browser fetches it once and keeps it, where a figure holding it sends it again at every rerun.
    Its name carries its content's hash, so a changed document has a new address (never an old copy
    from a browser's cache). None where it cannot be served (static serving off, a read-only folder)."""
    if not st.get_option("server.enableStaticServing"):
        return None
    body = orjson.dumps(document)
    name = f"{stem}-{hashlib.blake2b(body, digest_size=10).hexdigest()}.json"
    target = static / name
    if not target.is_file():
        if static in _UNWRITABLE:
            return None
        try:
            static.mkdir(exist_ok=True)
            temporary = static / f".{name}.{os.getpid()}.tmp"  # renamed whole: never half a file served
            temporary.write_bytes(body)
            os.replace(temporary, target)
        except OSError as error:
            _UNWRITABLE.add(static)
            log.warning("%s cannot be written (%s): documents go with their figures", static, error)
            return None
    return f"./app/static/{name}"


# static folders a document could not be written to (a read-only image): not tried, nor said, again
_UNWRITABLE: set[Path] = set()


@lru_cache(maxsize=1)
def _bundle_ready() -> bool:
    return ensure_bundle()


@lru_cache(maxsize=1)
def _component():
    return st.components.v2.component(NAME, js=_JS, isolate_styles=False)


def _mount():
    """The component, or None where plotly.js cannot be served (the charts fall back)."""
    if not (st.get_option("server.enableStaticServing") and _bundle_ready()):
        return None
    return _component()


def figure_json(fig) -> str:
    """A figure from ui.common.figure is the same object at every rerun, never changed after it is
    built: its JSON is written once and kept on it (7 ms a chart at every rerun, 25 for the map)."""
    text = getattr(fig, "_alize_json", None)
    if text is None:
        text = plotly.io.to_json(fig, validate=False)
        fig._alize_json = text
    return text


def plot(fig, key: str, lang: str = "fr", on_select=None):
    """Draw `fig`; with `on_select`, a click on a bar or point calls it, and the click is then in
    st.session_state[key]["selection"]["points"] (the same shape as st.plotly_chart's selection)."""
    mount = _mount()
    if mount is None:
        if on_select is None:
            return st.plotly_chart(fig, width="stretch", key=key, config=FALLBACK_CONFIG, theme=None)
        return st.plotly_chart(fig, width="stretch", key=key, on_select=on_select, selection_mode="points",
                               theme=None, config=FALLBACK_CONFIG)
    data = {"figure": figure_json(fig), "height": fig.layout.height, "locale": plotly_locale(lang),
            "src": f"./app/static/{BUNDLE}", "clickable": on_select is not None,
            "failed": text.t("widget.chart_failed", lang)}
    return mount(key=key, data=data, **({"on_selection_change": on_select} if on_select is not None else {}))


if __name__ == "__main__":  # the Docker image places the bundle at build time (its code is read-only)
    raise SystemExit(0 if ensure_bundle() else 1)
