"""The territory map in real Chromium: MapLibre draws the surrounding communes offline, under the basin."""

import pytest

from tests.browser.conftest import chart_in_view, screenshot, wait_ready

pytestmark = pytest.mark.browser

# What MapLibre holds once the map has drawn: its style's layers in drawing order, and the backdrop's
# rendered features (their codes).
MAP_STATE = """() => {
    const gd = document.querySelector('.st-key-map .js-plotly-plot');
    const map = gd && gd._fullLayout.map && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
    if (!map || !map.loaded()) return null;
    const layers = map.getStyle().layers.map(l => ({id: l.id, type: l.type}));
    const backdrop = layers.filter(l => l.id.startsWith('plotly-layout-layer')).map(l => l.id);
    const codes = backdrop.length ? map.queryRenderedFeatures({layers: backdrop}).map(f => f.properties.insee_code) : [];
    return {layers, codes};
}"""


def test_the_savoie_map_draws_its_surroundings_under_the_basin(page, app_url):
    page.goto(f"{app_url}/territoires?from=2010-01-01&to=2010-12-31&basin=alIZ%C3%A9+Savoie")
    wait_ready(page)
    chart_in_view(page, ".st-key-map")
    # read in the same poll that sees it drawn: a rerun may redraw the map between two evaluations
    state = page.wait_for_function(f"() => {{ const s = ({MAP_STATE})(); return s && s.codes.length ? s : null; }}",
                                   timeout=20_000).json_value()
    kinds = [(layer["id"].split("-")[1], layer["type"]) for layer in state["layers"]]
    # the white background, then the backdrop's one fill layer, then each territory's fill and outline
    assert kinds[:2] == [("bg", "background"), ("layout", "fill")]
    assert [k for k, _ in kinds[2:]] == ["trace"] * 4
    codes = set(state["codes"])
    assert {"73160", "73329", "73117"} <= codes  # Montagnole, Voglans (by Chambéry), Fourneaux (by Modane)
    assert "73065" not in codes and "73157" not in codes  # Chambéry and Modane are the basin's, drawn above
    screenshot(page, "territoires-map-savoie")
