"""Build `americas.geojson` from Natural Earth 50m shapes in the npm package world-atlas.

Run from the repository root after `npm ci`:

    .venv/bin/python -m migrantscount.profiles.geo.build_americas

The 110m shapes lack seven small Caribbean states (ATG, BRB, DMA, GRD, KNA, LCA, VCT),
so the 50m file is used, clipped to the Americas, simplified and rounded to 0.01°.
Features carry `iso3` and the ISO numeric code; the output is committed and nothing is
fetched at run time.
"""

import csv
import json
import math
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
MEMBERS = (
    ROOT / "migrantscount" / "data" / "files" / "reference" / "oas_member_states.csv"
)
OUTPUT = Path(__file__).resolve().parent / "americas.geojson"
# Longitudes and latitudes kept: the Americas without the Aleutians west of 180°.
WEST, EAST, SOUTH, NORTH = -180.0, -20.0, -60.0, 84.0
TOLERANCE = 0.08  # degrees, Douglas-Peucker
MIN_RING_AREA = 0.1  # square degrees; small islands of small states are kept anyway
DECIMALS = 2
SMALL_STATE_AREA = 2.0  # square degrees: every island of such a state is kept


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"].values()
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(
    indexes: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def simplify(
    points: list[tuple[float, float]], tolerance: float
) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    start, end = points[0], points[-1]
    far, far_index = 0.0, 0
    for index in range(1, len(points) - 1):
        distance = _distance(points[index], start, end)
        if distance > far:
            far, far_index = distance, index
    if far <= tolerance:
        return [start, end]
    left = simplify(points[: far_index + 1], tolerance)
    return left[:-1] + simplify(points[far_index:], tolerance)


def _distance(
    point: tuple[float, float], start: tuple[float, float], end: tuple[float, float]
) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    if (x1, y1) == (x2, y2):
        return math.hypot(x - x1, y - y1)
    return abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / math.hypot(
        x2 - x1, y2 - y1
    )


def area(points: list[tuple[float, float]]) -> float:
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False)
            )
        )
        / 2
    )


def inside(points: list[tuple[float, float]]) -> bool:
    xs = [x for x, _y in points]
    ys = [y for _x, y in points]
    return WEST <= min(xs) and max(xs) <= EAST and SOUTH <= min(ys) and max(ys) <= NORTH


def polygons(
    geometry: dict, arcs: list[list[tuple[float, float]]], *, small_state: bool
) -> list:
    parts = (
        geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    )
    kept = []
    for part in parts:
        outer = ring(part[0], arcs)
        if not inside(outer):
            continue
        if not small_state and area(outer) < MIN_RING_AREA:
            continue
        rings = []
        for indexes in part:
            points = ring(indexes, arcs)
            simplified = simplify(points, 0.005 if small_state else TOLERANCE)
            rounded = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in simplified]
            deduplicated = [
                point
                for index, point in enumerate(rounded)
                if index == 0 or point != rounded[index - 1]
            ]
            if len(deduplicated) >= 4:
                rings.append(deduplicated)
        if rings:
            kept.append(rings)
    return kept


def build() -> dict:
    topology = json.loads(SOURCE.read_text())
    arcs = decode_arcs(topology)
    with MEMBERS.open(newline="") as members_file:
        members = {
            row["m49"].zfill(3): row["iso3"] for row in csv.DictReader(members_file)
        }
    features: list[dict[str, Any]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        iso3 = members.get(str(geometry.get("id", "")).zfill(3))
        if not iso3:
            continue
        parts = (
            geometry["arcs"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["arcs"]]
        )
        small_state = (
            sum(area(ring(part[0], arcs)) for part in parts) < SMALL_STATE_AREA
        )
        parts = polygons(geometry, arcs, small_state=small_state)
        features.append(
            {
                "type": "Feature",
                "id": iso3,
                "properties": {"iso3": iso3, "numeric": geometry["id"]},
                "geometry": {"type": "MultiPolygon", "coordinates": parts},
            }
        )
    missing = set(members.values()) - {feature["id"] for feature in features}
    if missing:
        raise SystemExit(
            f"missing OAS member states in {SOURCE.name}: {sorted(missing)}"
        )
    features.sort(key=lambda feature: feature["id"])
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    collection = build()
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n")
    size = OUTPUT.stat().st_size
    print(f"{OUTPUT}: {len(collection['features'])} features, {size:,} bytes")  # noqa: T201
