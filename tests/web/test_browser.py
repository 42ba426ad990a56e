"""The real server (``parley serve`` in a subprocess) driven by Debian's Chromium through Playwright.

Screenshots land in build/screenshots/. Skipped, with the reason, only when no Chromium is installed
(``make browser`` installs it); a browser is never downloaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.server import serving
from tests.web.conftest import shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[str]:
    """``parley serve`` on a free loopback port, waited for until it answers."""
    with serving(store_path) as base:
        yield base


PAGES = [
    ("timeline", "/", "svg.timeline .marker"),
    ("map", "/map", "svg.worldmap .venue"),
    ("network", "/network", "svg.network .edge"),
    ("actors", "/actors", "table.actors tbody tr"),
    ("actor", "/actors/ARM", "table.events .event-row"),
    ("issues", "/issues", "table.issues tbody tr"),
    ("ledger", "/ledger", "table.tally tbody tr"),
    ("search", "/search?q=Brussels", "ol.results li mark"),
    ("undated", "/undated", "table.events"),
]


@pytest.mark.parametrize(("name", "path", "selector"), PAGES)
def test_each_page_renders_without_console_errors(
    server: str, page: Any, name: str, path: str, selector: str
) -> None:
    response = page.goto(server + path)
    assert response.status == 200
    page.wait_for_selector(selector)
    assert page.locator(selector).count() > 0
    assert page.title().endswith("parley")
    shot(page, name)
    assert page.problems == []


def test_map_draws_the_countries_from_the_bundled_atlas(server: str, page: Any) -> None:
    from parley.web import geo

    if geo.atlas_path() is None:
        pytest.skip("world-atlas is not installed in build/vendor (run `make install`)")
    page.goto(server + "/map")
    assert page.locator("svg.worldmap path.country").count() > 150


def test_choosing_a_status_shows_only_those_events(server: str, page: Any) -> None:
    page.goto(server + "/")
    total = page.locator("tr.event-row").count()
    with page.expect_navigation():
        page.select_option("select[name=status]", "held")
    assert "status=held" in page.url
    statuses = page.locator("tr.event-row").evaluate_all("rows => rows.map(r => r.dataset.status)")
    assert statuses and set(statuses) == {"held"} and len(statuses) < total
    markers = page.locator("svg.timeline .marker").evaluate_all("ms => ms.map(m => m.dataset.status)")
    assert set(markers) == {"held"}
    shot(page, "timeline-held")
    assert page.problems == []


def test_zoom_in_narrows_the_period(server: str, page: Any) -> None:
    page.goto(server + "/")
    before = page.input_value("input[name=since]"), page.input_value("input[name=until]")
    page.click("#zoom-in")
    page.wait_for_load_state()
    after = page.input_value("input[name=since]"), page.input_value("input[name=until]")
    assert before[0] < after[0] and after[1] < before[1]


def test_clicking_a_source_jumps_to_its_highlighted_evidence(server: str, page: Any) -> None:
    events = page.request.get(server + "/api/events").json()["events"]
    event = next(e for e in events if e["place"] == "Brussels")
    detail = page.request.get(server + f"/api/events/{event['id']}").json()
    evidence = next(e for m in detail["mentions"] for e in m["evidence"] if e["located"])
    page.goto(server + event["url"])
    link = page.locator(f'a.evidence-link[href="#{evidence["anchor"]}"]')
    link.click()
    assert page.url.endswith("#" + evidence["anchor"])
    mark = page.locator(f"mark#{evidence['anchor']}")
    assert mark.text_content() == evidence["text"]
    assert mark.evaluate("m => m.matches(':target')")
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    shot(page, "event")
    assert page.problems == []


def test_hostile_article_text_renders_inert(server: str, page: Any) -> None:
    hit = page.request.get(server + "/api/search?q=pwned").json()["results"][0]
    page.goto(server + f"/documents/{hit['doc_id']}")
    page.wait_for_selector(".article-text")
    text = page.locator(".article-text").text_content()
    assert "<script>" in text and "onerror=" in text and "javascript:" in text  # shown as text
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator(".article-text script, .article-text img, .article-text a").count() == 0
    shot(page, "hostile")
    assert page.problems == []
