"""data/communes.geojson (made by scripts/extract_communes.py) against data/communes.csv."""

import csv
import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
GEOJSON = DATA / "communes.geojson"
# Metropolitan France, Corsica included, with a small margin
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = -5.3, 9.7, 41.3, 51.2


@pytest.fixture(scope="module")
def collection():
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def communes():
    with (DATA / "communes.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _rings(geometry):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon
    else:
        raise AssertionError(f"unexpected geometry type {geometry['type']}")


def test_file_is_small():
    assert GEOJSON.stat().st_size < 1_000_000


def test_one_feature_per_commune(collection, communes):
    assert collection["type"] == "FeatureCollection"
    codes = [f["properties"]["insee_code"] for f in collection["features"]]
    for row in communes:
        assert codes.count(row["insee_code"]) == 1, row
    assert sorted(codes) == sorted(row["insee_code"] for row in communes)


def test_properties_match_csv(collection, communes):
    by_code = {
        f["properties"]["insee_code"]: f["properties"] for f in collection["features"]
    }
    with (DATA / "territories.csv").open(encoding="utf-8", newline="") as handle:
        basin_of = {row["id"]: row["basin"] for row in csv.DictReader(handle)}
    for row in communes:
        props = by_code[row["insee_code"]]
        assert (props["name"], props["territory"]) == (row["name"], row["territory"])
        assert props["basin"] == basin_of[row["territory"]]


def test_polygons_in_metropolitan_france(collection):
    for feature in collection["features"]:
        rings = list(_rings(feature["geometry"]))
        assert rings, feature["properties"]
        for ring in rings:
            assert len(ring) >= 4 and ring[0] == ring[-1], feature["properties"]
            for lon, lat in ring:
                assert LON_MIN <= lon <= LON_MAX and LAT_MIN <= lat <= LAT_MAX, feature[
                    "properties"
                ]
                assert round(lon, 5) == lon and round(lat, 5) == lat


def test_the_commune_map_holds_the_basin_s_communes_only(demo_con):
    """The territories page's map: each commune of Savoie coloured by its retained projects, French
    separators, and only those communes' outlines in the figure sent to the browser."""
    import datetime as dt

    from alize.metrics import geo
    from alize.reports import charts

    activity = geo.commune_activity(demo_con, "alIZé Savoie", dt.date(2009, 1, 1), dt.date(2011, 12, 31))
    fig = charts.commune_map(geo.outlines(), activity, "Carte", "fr")
    areas = fig.data
    # one layer per territory, each in its own hue and named in the legend: Chambéry and Maurienne apart
    assert [t.type for t in areas] == ["choroplethmap", "choroplethmap"]
    assert [t.name for t in areas] == ["Chambéry", "Maurienne"] and all(t.showlegend for t in areas)
    assert areas[0].colorscale[-1][1] != areas[1].colorscale[-1][1]
    assert [c for t in areas for c in t.locations] == list(activity["insee_code"])
    assert [z for t in areas for z in t.z] == list(activity["projects_retained"]) and sum(activity["projects_retained"]) > 0
    shown = {f["properties"]["insee_code"] for t in areas for f in t.geojson["features"]}
    assert shown == set(activity["insee_code"]) and len(shown) < len(geo.outlines()["features"])
    assert fig.layout.map.style == "white-bg" and 45 < fig.layout.map.center.lat < 46
    assert fig.layout.separators == ", " and "projets retenus" in areas[0].hovertemplate
    assert "%{text}" in areas[0].hovertemplate  # the commune's name on hover


# ---- the map's backdrop: data/communes-context.geojson -----------------------------------------------

CONTEXT = DATA / "communes-context.geojson"
# Named by hand on a map of Savoie: neighbours of Chambéry (Montagnole, Voglans, Saint-Jean-d'Arvey),
# of Modane (Fourneaux), Val-d'Arc around Aiguebelle, and Grenoble, inside the grown box to the south-west;
# Annecy (74010) lies north of it.
SAVOIE_AROUND = {"73160", "73329", "73243", "73117", "73212", "38185"}


@pytest.fixture(scope="module")
def context():
    return json.loads(CONTEXT.read_text(encoding="utf-8"))


def test_the_backdrop_surrounds_each_demo_basin_with_none_of_its_own(context, communes):
    with (DATA / "territories.csv").open(encoding="utf-8", newline="") as handle:
        basin_of = {row["id"]: row["basin"] for row in csv.DictReader(handle)}
    own = {}
    for row in communes:
        own.setdefault(basin_of[row["territory"]], set()).add(row["insee_code"])
    assert CONTEXT.stat().st_size < 1_000_000
    codes = [f["properties"]["insee_code"] for f in context["features"]]
    assert len(codes) == len(set(codes))  # one feature per commune, `basin` lists the basins it surrounds
    for basin, mine in own.items():
        around = {f["properties"]["insee_code"] for f in context["features"] if basin in f["properties"]["basin"]}
        assert len(around) >= 30, basin
        assert not around & mine, basin
    by_code = {f["properties"]["insee_code"]: f["properties"] for f in context["features"]}
    assert SAVOIE_AROUND <= {c for c, p in by_code.items() if p["basin"] == ["savoie"]}
    assert by_code["73160"]["name"] == "Montagnole" and "74010" not in by_code
    for feature in context["features"]:
        for ring in _rings(feature["geometry"]):
            assert len(ring) >= 4 and ring[0] == ring[-1], feature["properties"]
            assert all(round(lon, 3) == lon and round(lat, 3) == lat for lon, lat in ring)


def test_the_savoie_map_lies_on_its_surrounding_communes(demo_con):
    """The backdrop is one fill layer under the traces: the basin's traces, view and hover are those of the
    map without it."""
    import datetime as dt

    from alize.metrics import geo
    from alize.reports import charts

    activity = geo.commune_activity(demo_con, "alIZé Savoie", dt.date(2009, 1, 1), dt.date(2011, 12, 31))
    backdrop = geo.basin_context(demo_con, "alIZé Savoie")
    assert backdrop == geo.basin_context(demo_con, "savoie")  # by name or by id
    bare = charts.commune_map(geo.outlines(), activity, "Carte", "fr")
    fig = charts.commune_map(geo.outlines(), activity, "Carte", "fr", backdrop=backdrop)
    assert bare.layout.map.layers == ()
    (layer,) = fig.layout.map.layers
    assert (layer.sourcetype, layer.type, layer.below) == ("geojson", "fill", "traces")
    shown = {f["properties"]["insee_code"] for f in layer.source["features"]}
    assert SAVOIE_AROUND <= shown and "74010" not in shown and not shown & set(activity["insee_code"])
    assert json.loads(fig.to_json())["data"] == json.loads(bare.to_json())["data"]
    assert [t.type for t in fig.data] == ["choroplethmap", "choroplethmap"]
    assert (fig.layout.map.center, fig.layout.map.zoom) == (bare.layout.map.center, bare.layout.map.zoom)
    # the same backdrop by its address (the dashboard serves it: ui.widgets.map_backdrop)
    assert charts.backdrop_collection(backdrop, set(activity["insee_code"]))["features"] == layer.source["features"]
    by_address = charts.commune_map(geo.outlines(), activity, "Carte", "fr", backdrop="./app/static/backdrop-x.json")
    (layer,) = by_address.layout.map.layers
    assert (layer.sourcetype, layer.source, layer.type, layer.below) == ("geojson", "./app/static/backdrop-x.json", "fill", "traces")


def test_no_backdrop_without_its_file(demo_con, tmp_path):
    import datetime as dt

    from alize.metrics import geo
    from alize.reports import charts

    absent = tmp_path / "communes-context.geojson"
    assert geo.context_outlines(absent) == {"type": "FeatureCollection", "features": []}
    backdrop = geo.basin_context(demo_con, "alIZé Savoie", path=absent)
    assert backdrop["features"] == []
    activity = geo.commune_activity(demo_con, "alIZé Savoie", dt.date(2010, 1, 1), dt.date(2010, 12, 31))
    fig = charts.commune_map(geo.outlines(), activity, "Carte", "fr", backdrop=backdrop)
    assert fig.layout.map.layers == () and len(fig.data) == 2
