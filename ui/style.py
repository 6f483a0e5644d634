"""The app's own stylesheets and its one line of script: constants written here, never built from data,
so the app's `st.html` calls inject nothing from the records or the URL (tests/test_hardening.py).

FRENCH: Streamlit's file uploader writes "Upload" and "20MB per file" with no parameter to change them;
in French these words are replaced by CSS (the limit itself is said under the uploader, from the
settings). LANG_*: `<html lang="en">` is Streamlit's own page; the page's language is set from here so
that screen readers read French and browsers do not offer to translate "from English".

PRESENTATION: every slide fits the projector's screen, from 1024×768 to 1920×1080. Streamlit does not
know the viewport, so the sizes come from CSS viewport units: the figures' type (st.metric) and the
charts' height (Plotly fills a container whose height is `100vh` minus the title, the scope line and
the control bar)."""

from __future__ import annotations

import streamlit as st

PRESENTATION = """<style>
[data-testid='stMainBlockContainer']:has(.st-key-deck) { padding-top: 3.9rem; padding-bottom: 0; }
[data-testid='stBottomBlockContainer'] { padding-top: 0.5rem; padding-bottom: 0.9rem; }
@media (max-width: 1200px) {
  [data-testid='stMainBlockContainer']:has(.st-key-deck), [data-testid='stBottomBlockContainer'] {
    padding-left: 2.5rem; padding-right: 2.5rem; }
  [data-testid='stBottomBlockContainer'] button p { font-size: 0.8rem; }
}
.st-key-deck { gap: 0.55rem; }
.st-key-deck h1 { font-size: clamp(1.4rem, 4.6vh, 2.9rem); padding: 0; line-height: 1.2; }
.st-key-deck h3 { font-size: clamp(1rem, 2.6vh, 1.6rem); }
.st-key-deck [data-testid='stMetric'] { padding: clamp(0.2rem, 0.9vh, 1rem) 0.9rem; }
.st-key-deck [data-testid='stMetricValue'] { font-size: clamp(1.6rem, 6.3vh, 5.4rem); line-height: 1.15; }
.st-key-deck [data-testid='stMetricValue'] > div { overflow: visible; }
.st-key-deck [data-testid='stMetricLabel'] p { font-size: clamp(0.85rem, 2.1vh, 1.5rem); }
.st-key-deck [data-testid='stMetricDelta'] { font-size: clamp(0.8rem, 1.9vh, 1.3rem); }
.st-key-deck .st-key-deck_small [data-testid='stMetricValue'] { font-size: clamp(1.2rem, 4.2vh, 3rem); }
.st-key-deck .st-key-deck_chart,
.st-key-deck .st-key-deck_chart [data-testid='stElementContainer'],
.st-key-deck .st-key-deck_chart [data-testid='stElementContainer'] > div,
.st-key-deck .st-key-deck_chart [data-testid='stPlotlyChart'],
.st-key-deck .st-key-deck_chart [data-testid='stPlotlyChart'] > div,
.st-key-deck .st-key-deck_chart .alize-plot {
  height: max(200px, calc(100vh - 19rem)) !important; max-height: none !important; flex: none !important; }
.st-key-deck .st-key-deck_sentence h5 { font-size: clamp(0.78rem, min(2.15vh, 1.2vw), 1.4rem); line-height: 1.25; }
</style>"""


FRENCH = """<style>
[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary'] [data-testid='stMarkdownContainer'] p {
  font-size: 0; visibility: hidden; }
[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary'] [data-testid='stMarkdownContainer'] p::after {
  content: 'Choisir des fichiers'; font-size: 0.875rem; visibility: visible; }
[data-testid='stFileUploaderDropzoneInstructions'] span { font-size: 0; visibility: hidden; }
[data-testid='stFileUploaderDropzoneInstructions'] span::after {
  content: 'ou glissez-les ici'; font-size: 0.875rem; visibility: visible; }
</style>"""

SCRIPT_HOLDER = """<style>
[data-testid='stElementContainer']:has(> [data-testid='stHtml'] > script) { display: none; }
</style>"""
LANG_FR = "<script>document.documentElement.lang = 'fr';</script>"
LANG_EN = "<script>document.documentElement.lang = 'en';</script>"
HEAD_FR = SCRIPT_HOLDER + FRENCH + LANG_FR
HEAD_EN = SCRIPT_HOLDER + LANG_EN


def presentation() -> None:
    st.html(PRESENTATION)


def language(lang: str) -> None:
    """The page's language, and Streamlit's own words in French: one element, where three were rendered
    again by the browser at every run of every page (docs/benchmark.md, "Feel"). The script's holder
    takes no room (the sidebar may be folded: it is in the main area)."""
    if lang == "fr":
        st.html(HEAD_FR, unsafe_allow_javascript=True)
    else:
        st.html(HEAD_EN, unsafe_allow_javascript=True)
