"""Area boundaries from a GeoJSON file, made small enough to draw: projected, simplified and fitted to a box.

A file of ward (or other area) boundaries, such as ONS Open Geography's "Wards (December 2022) Boundaries UK
BGC" for one council, is read once at upload: each feature's polygons are projected (longitude and latitude,
or British National Grid metres as they are), simplified (Douglas-Peucker) to about a pixel of the drawn map
and written as an SVG path in a WIDTH-wide box. Only the paths, codes and names are kept.
"""

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

WIDTH = 600  # the box the shapes are fitted to; the map scales to its column
TOLERANCE = 0.8  # simplification, in units of that box (a 600-wide map drawn at 360px: about half a pixel)
MAX_FEATURES = 2_000
MAX_POINTS = 1_000_000
CODE_KEYS = ("code", "area_code", "ward_code", "id")
NAME_KEYS = ("name", "area_name", "ward_name")

Point = tuple[float, float]
Ring = list[Point]


class GeoProblem(Exception):
    """Why a boundary file was refused, in plain words."""


@dataclass(frozen=True)
class Shape:
    area_code: str
    area_name: str
    path: str  # SVG path data in the WIDTH x height box


@dataclass(frozen=True)
class Shapes:
    shapes: list[Shape]
    width: int
    height: int


def _property(properties: dict[str, object], suffix: str, keys: tuple[str, ...]) -> str:
    """The feature's code (WD22CD, LAD23CD, code...) or name (WD22NM, name...)."""
    for key, value in properties.items():
        if key.casefold() in keys or (key.isupper() and key.endswith(suffix) and len(key) <= 8):
            return str(value or "").strip()
    return ""


def _rings(geometry: dict[str, object]) -> list[Ring]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else None
    if not isinstance(polygons, list):
        raise GeoProblem("Every feature must be a Polygon or MultiPolygon.")
    try:
        return [[(float(p[0]), float(p[1])) for p in ring] for polygon in polygons for ring in polygon]
    except (TypeError, ValueError, IndexError) as error:
        raise GeoProblem("A feature's coordinates are not pairs of numbers.") from error


def _project(rings: Iterable[Ring], *, planar: bool, cos_lat: float) -> list[Ring]:
    if planar:  # metres east and north (British National Grid): north is up
        return [[(x, -y) for x, y in ring] for ring in rings]
    return [[(lon * cos_lat, -lat) for lon, lat in ring] for ring in rings]


def _simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, without recursion."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = ring[first], ring[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = first, 0.0
        for index in range(first + 1, last):
            px, py = ring[index]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > distance:
                farthest, distance = index, d
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(ring, keep, strict=True) if kept]


def _path(rings: list[Ring]) -> str:
    parts = []
    for ring in rings:
        points = " ".join(f"{x:.1f} {y:.1f}" for x, y in ring)
        parts.append(f"M{points}Z")
    return "".join(parts)


def shapes_read(text: str) -> Shapes:
    """The areas of a GeoJSON FeatureCollection, ready to draw; GeoProblem if it cannot be used."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise GeoProblem("The file is not GeoJSON: it cannot be read as JSON.") from error
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise GeoProblem("The file is not a GeoJSON FeatureCollection with features.")
    if len(features) > MAX_FEATURES:
        raise GeoProblem(f"The file has more than {MAX_FEATURES:,} areas.")
    areas = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {} if isinstance(feature, dict) else {}
        code, name = _property(properties, "CD", CODE_KEYS), _property(properties, "NM", NAME_KEYS)
        if not (code or name):
            raise GeoProblem(f"Area {number} has no code or name (such as WD22CD or WD22NM).")
        areas.append((code, name or code, _rings(feature.get("geometry") or {})))
    points = [p for _c, _n, rings in areas for ring in rings for p in ring]
    if not points or len(points) > MAX_POINTS:
        raise GeoProblem(f"The file must have between 1 and {MAX_POINTS:,} points.")
    planar = any(abs(x) > 180 or abs(y) > 90 for x, y in points)
    cos_lat = 1.0 if planar else math.cos(math.radians(sum(y for _x, y in points) / len(points)))
    projected = [(code, name, _project(rings, planar=planar, cos_lat=cos_lat)) for code, name, rings in areas]
    xs = [x for *_cn, rings in projected for ring in rings for x, _y in ring]
    ys = [y for *_cn, rings in projected for ring in rings for _x, y in ring]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = WIDTH / (max(xs) - min(xs) or span)
    height = math.ceil((max(ys) - min(ys)) * scale) or 1
    shapes = []
    for code, name, rings in projected:
        fitted = [[((x - min(xs)) * scale, (y - min(ys)) * scale) for x, y in ring] for ring in rings]
        simple = [ring for ring in (_simplify(r, TOLERANCE) for r in fitted) if len(ring) >= 3]
        shapes.append(Shape(area_code=code[:20], area_name=name[:200], path=_path(simple)))
    return Shapes(shapes=shapes, width=WIDTH, height=height)
