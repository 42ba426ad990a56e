"""HTML fragments built in Python: evidence highlights and the SVG charts.

Everything here escapes text itself and returns ``Markup``; article text is never marked
safe as it is. Styling is by CSS class (static/app.css), so no inline style is needed and the
Content-Security-Policy can forbid them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from parley import partial_date
from parley.web import geo


def highlight(text: str, spans: Iterable[tuple[int, int, str, str]]) -> Markup:
    """``text`` escaped, with ``<mark id=anchor>`` around each (start, end, anchor, css class) span.

    Spans that overlap an earlier one or fall outside the text are skipped: a mark never
    nests and never cuts an escaped entity.
    """
    out: list[str] = []
    pos = 0
    for start, end, anchor, css in sorted(spans):
        if start < pos or end > len(text) or start >= end:
            continue
        out.append(str(escape(text[pos:start])))
        out.append(f'<mark id="{escape(anchor)}" class="{escape(css)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def snippet(text: str, open_mark: str, close_mark: str) -> Markup:
    """A search snippet escaped, with its hit markers turned into <mark>."""
    escaped = str(escape(text))
    return Markup(escaped.replace(open_mark, "<mark>").replace(close_mark, "</mark>"))


def url(path: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return path + ("?" + query if query else "")


# -- timeline ---------------------------------------------------------------------------------

LANES = ("meeting", "call", "agreement")
TL_W, TL_H, TL_PAD = 960.0, 220.0, 80.0


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _x(day: dt.date, start: dt.date, end: dt.date) -> float:
    span = max((end - start).days, 1)
    return round(TL_PAD + (day - start).days / span * (TL_W - 2 * TL_PAD), 1)


def _ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    days = (end - start).days
    if days > 3 * 366:
        return [
            (dt.date(y, 1, 1), str(y))
            for y in range(start.year + (start.month > 1 or start.day > 1), end.year + 1)
        ]
    if days > 120:
        out: list[tuple[dt.date, str]] = []
        y, m = start.year, start.month
        while True:
            m += 1
            if m > 12:
                y, m = y + 1, 1
            day = dt.date(y, m, 1)
            if day > end:
                return out
            out.append((day, day.strftime("%b %Y") if m == 1 or not out else day.strftime("%b")))
    step = max(days // 8, 1)
    return [
        (start + dt.timedelta(days=d), (start + dt.timedelta(days=d)).isoformat())
        for d in range(0, days + 1, step)
    ]


def timeline_svg(data: dict[str, Any]) -> Markup:
    """Events of the page as markers on a time axis, one lane per type, with the density of the
    whole filtered period as bars behind them. Status is a CSS class: planned hollow, cancelled
    dashed and struck through, held filled."""
    start, end = _day(data["period"]["since"]), _day(data["period"]["until"])
    if end <= start:
        end = start + dt.timedelta(days=1)
    parts = [
        f'<svg class="timeline" viewBox="0 0 {TL_W:g} {TL_H:g}" role="img" aria-label="Timeline of events"'
        ' xmlns="http://www.w3.org/2000/svg">'
    ]
    totals: dict[str, int] = {}
    for b in data["histogram"]["buckets"]:
        totals[b["bucket"]] = totals.get(b["bucket"], 0) + b["events"]
    peak = max(totals.values(), default=0)
    for bucket, n in totals.items():
        days = partial_date.parse(bucket)  # a year, a month or a day, as the unit is
        first, last = days.start, days.end
        x0, x1 = _x(max(first, start), start, end), _x(min(last, end), start, end)
        h = round(n / peak * 50, 1) if peak else 0
        parts.append(
            f'<rect class="density" x="{x0}" y="{TL_H - 30 - h}" width="{max(x1 - x0, 1.5)}" height="{h}">'
            f"<title>{escape(bucket)}: {n} events</title></rect>"
        )
    parts.append(f'<line class="axis" x1="{TL_PAD}" x2="{TL_W - TL_PAD}" y1="{TL_H - 30}" y2="{TL_H - 30}"/>')
    for day, label in _ticks(start, end):
        x = _x(day, start, end)
        parts.append(f'<line class="tick" x1="{x}" x2="{x}" y1="{TL_H - 30}" y2="{TL_H - 25}"/>')
        parts.append(f'<text class="tick-label" x="{x}" y="{TL_H - 12}">{escape(label)}</text>')
    for i, lane in enumerate(LANES):
        y = 30 + i * 40
        parts.append(f'<text class="lane-label" x="4" y="{y + 4}">{lane}</text>')
    for ev in data["events"]:
        if not ev.get("date_start"):
            continue
        x = _x(_day(ev["date_start"]), start, end)
        y = 30 + (LANES.index(ev["type"]) if ev["type"] in LANES else 0) * 40
        label = f"{ev.get('date') or '?'} {ev['type']} ({ev['status']}): {' '.join(ev['parties'])}"
        if ev.get("place"):
            label += f" at {ev['place']}"
        parts.append(
            f'<a href="{escape(ev["url"])}" class="marker st-{escape(ev["status"])}"'
            f' data-status="{escape(ev["status"])}">'
            f'<circle cx="{x}" cy="{y}" r="6"/>'
        )
        if ev["status"] in ("cancelled", "not_signed"):
            parts.append(f'<line class="strike" x1="{x - 8}" y1="{y}" x2="{x + 8}" y2="{y}"/>')
        parts.append(f"<title>{escape(label)}</title></a>")
    parts.append("</svg>")
    return Markup("".join(parts))


def zoom_links(data: dict[str, Any], params: dict[str, Any]) -> dict[str, str]:
    """URLs that zoom the timeline in (half the period) or out (double it) around its middle,
    and shift it a period back or forward; filters are kept."""
    start, end = _day(data["period"]["since"]), _day(data["period"]["until"])
    span = max((end - start).days, 2)
    mid = start + dt.timedelta(days=span // 2)
    keep = {k: v for k, v in params.items() if k not in ("since", "until", "offset")}

    def link(a: dt.date, b: dt.date) -> str:
        return url("/", **keep, since=a.isoformat(), until=b.isoformat())

    quarter, whole = dt.timedelta(days=max(span // 4, 1)), dt.timedelta(days=span)
    return {
        "in": link(mid - quarter, mid + quarter),
        "out": link(mid - whole, mid + whole),
        "earlier": link(start - whole, start),
        "later": link(end, end + whole),
        "all": url("/", **keep),
    }


# -- map ----------------------------------------------------------------------------------------


def map_svg(venues: Sequence[dict[str, Any]], box: tuple[float, float, float, float] | None = None) -> Markup:
    """Countries (when the atlas is installed), a graticule, and a circle per venue whose area
    grows with its number of events, each linking to the venue's events."""
    parts = [
        f'<svg class="worldmap" viewBox="0 0 {geo.WIDTH:g} {geo.HEIGHT:g}" role="img"'
        ' aria-label="Map of venues"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<rect class="sea" x="0" y="0" width="{geo.WIDTH:g}" height="{geo.HEIGHT:g}"/>',
    ]
    for lon in range(-180, 181, 30):
        x, _ = geo.project(lon, 0)
        parts.append(f'<line class="graticule" x1="{x}" x2="{x}" y1="0" y2="{geo.HEIGHT:g}"/>')
    for lat in range(-60, 61, 30):
        _, y = geo.project(0, lat)
        parts.append(f'<line class="graticule" x1="0" x2="{geo.WIDTH:g}" y1="{y}" y2="{y}"/>')
    for name, path in geo.country_paths():
        parts.append(f'<path class="country" d="{path}"><title>{escape(name)}</title></path>')
    peak = max((v["events"] for v in venues), default=1)
    for v in sorted(venues, key=lambda v: -v["events"]):
        if v["lat"] is None or v["lon"] is None:
            continue
        x, y = geo.project(float(v["lon"]), float(v["lat"]))
        r = round(2.5 + 12 * math.sqrt(v["events"] / peak), 1)
        parts.append(
            f'<a href="{escape(v["url"])}" class="venue"><circle cx="{x}" cy="{y}" r="{r}"/>'
            f"<title>{escape(v['place'])}: {v['events']} events</title></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


# -- network ------------------------------------------------------------------------------------

NET_SIZE = 640.0


def network_svg(data: dict[str, Any], max_nodes: int = 40) -> Markup:
    """Parties and mediators on a circle; an edge's width grows with the events it stands for;
    mediator edges are dashed (class ``mediates``)."""
    nodes = data["nodes"][:max_nodes]
    codes = [n["code"] for n in nodes]
    centre, radius = NET_SIZE / 2, NET_SIZE / 2 - 70
    pos = {}
    for i, code in enumerate(codes):
        angle = 2 * math.pi * i / max(len(codes), 1) - math.pi / 2
        pos[code] = (round(centre + radius * math.cos(angle), 1), round(centre + radius * math.sin(angle), 1))
    peak = max((e["events"] for e in data["edges"]), default=1)
    parts = [
        f'<svg class="network" viewBox="0 0 {NET_SIZE:g} {NET_SIZE:g}" role="img"'
        ' aria-label="Network of parties"'
        ' xmlns="http://www.w3.org/2000/svg">'
    ]
    for e in data["edges"]:
        if e["a"] not in pos or e["b"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e["a"]], pos[e["b"]]
        width = round(1 + 9 * math.sqrt(e["events"] / peak), 1)
        parts.append(
            f'<line class="edge {escape(e["kind"])}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"'
            f' stroke-width="{width}"><title>{escape(e["a"])}–{escape(e["b"])} ({escape(e["kind"])}):'
            f" {e['events']} events</title></line>"
        )
    for n in nodes:
        x, y = pos[n["code"]]
        parts.append(
            f'<a href="{escape(n["url"])}" class="node"><circle cx="{x}" cy="{y}" r="18"/>'
            f'<text x="{x}" y="{y + 4}">{escape(n["code"])}</text>'
            f'<title>{escape(n["name"])}: {n["weight"]}</title></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def quoted(value: str) -> str:
    return quote(value, safe="")
