"""The world map drawn offline: Natural Earth countries from a TopoJSON file, projected server-side.

The geometry comes from the npm package ``world-atlas`` (Natural Earth 1:110m), installed at
build time into the git-ignored ``build/vendor`` folder (see docs/web.md). Without it the map
still draws a graticule and the venues, and says how to install the coastline.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

WIDTH, HEIGHT = 960.0, 480.0
ATLAS_ENV = "PARLEY_WORLD_ATLAS"
ATLAS_RELATIVE = Path("build/vendor/node_modules/world-atlas/countries-110m.json")


def atlas_path() -> Path | None:
    """The TopoJSON file: $PARLEY_WORLD_ATLAS, else build/vendor under the project (or the working dir)."""
    given = os.environ.get(ATLAS_ENV)
    candidates = [Path(given)] if given else []
    project = Path(__file__).resolve().parents[3]
    candidates += [project / ATLAS_RELATIVE, Path.cwd() / ATLAS_RELATIVE]
    return next((p for p in candidates if p.is_file()), None)


def project(
    lon: float, lat: float, box: tuple[float, float, float, float] = (-180, -90, 180, 90)
) -> tuple[float, float]:
    """Equirectangular projection of ``lon, lat`` into the SVG frame showing ``box`` (W, S, E, N)."""
    west, south, east, north = box
    x = (lon - west) / (east - west) * WIDTH
    y = (north - lat) / (north - south) * HEIGHT
    return round(x, 1), round(y, 1)


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topo["transform"]["scale"]
    shift_x, shift_y = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


@lru_cache(maxsize=4)
def country_paths(path: str | None = None) -> tuple[tuple[str, str], ...]:
    """(name, SVG path data) per country, projected onto the whole-world frame; () without the atlas."""
    file = Path(path) if path else atlas_path()
    if file is None:
        return ()
    topo = json.loads(file.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    out = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polygons = geom.get("arcs") or []
        if geom.get("type") == "Polygon":
            polygons = [polygons]
        parts = []
        for polygon in polygons:
            for ring in polygon:
                pts = _ring(arcs, ring)
                if len(pts) < 3:
                    continue
                # Rings that cross the antimeridian would draw a line across the map; split them there.
                segment: list[str] = []
                prev_lon = None
                for lon, lat in pts:
                    x, y = project(lon, lat)
                    jump = prev_lon is not None and abs(lon - prev_lon) > 180
                    segment.append(("M" if not segment or jump else "L") + f"{x},{y}")
                    prev_lon = lon
                parts.append("".join(segment) + "Z")
        name = (geom.get("properties") or {}).get("name", "")
        if parts:
            out.append((str(name), "".join(parts)))
    return tuple(out)
