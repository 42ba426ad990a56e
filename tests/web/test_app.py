"""The pages and their JSON twins, over a store filled by the real pipeline."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from parley.model import STATUSES
from parley.store import Store

PAGES = [
    "/",
    "/undated",
    "/map",
    "/network",
    "/actors",
    "/actors/ARM",
    "/issues",
    "/ledger",
    "/search?q=Sochi",
]
TWINS = [
    ("/", "/api/events"),
    ("/undated", "/api/events/undated"),
    ("/map", "/api/venues"),
    ("/network", "/api/network"),
    ("/actors", "/api/actors"),
    ("/actors/ARM", "/api/actors/ARM"),
    ("/issues", "/api/issues"),
    ("/ledger", "/api/ledger"),
    ("/search?q=Sochi", "/api/search?q=Sochi"),
]


@pytest.mark.parametrize(("page", "twin"), TWINS)
def test_every_page_has_a_json_twin(client: TestClient, page: str, twin: str) -> None:
    html = client.get(page)
    data = client.get(twin)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert data.status_code == 200 and data.headers["content-type"] == "application/json"
    assert isinstance(data.json(), dict)


def test_timeline_lists_fused_events_in_date_order(client: TestClient, store_path: object) -> None:
    data = client.get("/api/events").json()
    days = [e["date_start"] for e in data["events"]]
    assert days == sorted(days) and len(days) == data["total"] > 0
    with Store(str(store_path)) as store:
        dated = store.conn.execute("SELECT count(*) FROM events WHERE date_start IS NOT NULL").fetchone()[0]
    assert data["total"] == dated


@pytest.mark.parametrize("status", STATUSES)
def test_status_filter_keeps_only_that_status(client: TestClient, status: str) -> None:
    data = client.get("/api/events", params={"status": status}).json()
    assert all(e["status"] == status for e in data["events"])
    html = client.get("/", params={"status": status}).text
    rows = re.findall(r'<tr class="event-row st-(\w+)"', html)
    assert rows == [e["status"] for e in data["events"]]


def test_filters_combine_and_shape_the_url_of_the_page(client: TestClient) -> None:
    everything = client.get("/api/events").json()["events"]
    with_russia = client.get("/api/events", params={"actor": "RUS", "format": "trilateral"}).json()["events"]
    expected = [e["id"] for e in everything if "RUS" in e["parties"] and len(e["parties"]) == 3]
    assert [e["id"] for e in with_russia] == expected


def test_period_bounds_the_timeline(client: TestClient) -> None:
    data = client.get("/api/events", params={"since": "2023-01-01", "until": "2023-06-30"}).json()
    assert data["events"] and all("2023-01-01" <= e["date_start"] <= "2023-06-30" for e in data["events"])
    assert data["period"] == {**data["period"], "since": "2023-01-01", "until": "2023-06-30"}


def test_zoom_links_narrow_and_widen_the_period(client: TestClient) -> None:
    html = client.get("/", params={"since": "2022-01-01", "until": "2022-12-31"}).text
    zoom_in = unescape(re.search(r'id="zoom-in" href="([^"]+)"', html).group(1))  # type: ignore[union-attr]
    zoom_out = unescape(re.search(r'id="zoom-out" href="([^"]+)"', html).group(1))  # type: ignore[union-attr]

    def days(link: str) -> int:
        found = dict(re.findall(r"(since|until)=([0-9-]+)", link))
        return (dt.date.fromisoformat(found["until"]) - dt.date.fromisoformat(found["since"])).days

    assert 170 <= days(zoom_in) <= 190  # half of 2022
    assert 720 <= days(zoom_out) <= 740  # twice 2022


def test_planned_and_cancelled_markers_differ_from_held(client: TestClient) -> None:
    html = client.get("/").text
    assert 'class="marker st-held"' in html
    assert 'class="marker st-planned"' in html
    assert 'class="strike"' in html  # cancelled and not-signed events are struck through


@pytest.mark.parametrize(
    "bad",
    [{"status": "maybe"}, {"since": "last week"}, {"limit": "0"}, {"format": "x"}, {"min_confidence": "2"}],
)
def test_bad_filters_are_422_with_a_message(client: TestClient, bad: dict[str, str]) -> None:
    response = client.get("/api/events", params=bad)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_event_page_gives_each_field_its_sources(client: TestClient) -> None:
    first = client.get("/api/events").json()["events"][0]
    data = client.get(f"/api/events/{first['id']}").json()
    fields = {f["field"]: f for f in data["fields"]}
    assert fields["status"]["value"] == first["status"]
    mentioned = {m["report_id"] for m in data["mentions"]}
    assert fields["status"]["reports"] and set(fields["status"]["reports"]) <= mentioned
    assert data["status_history"] and {h["event_id"] for h in data["status_history"]} == {first["id"]}


def test_the_event_page_and_its_json_give_the_confidence_of_the_event_and_of_each_field(
    client: TestClient,
) -> None:
    first = client.get("/api/events").json()["events"][0]
    assert 0 <= first["confidence"] <= 1 and set(first["field_confidence"]) == {
        "date", "place", "parties", "mediator", "status"
    }  # fmt: skip
    data = client.get(f"/api/events/{first['id']}").json()
    fields = {f["field"]: f for f in data["fields"]}
    assert fields["date"]["confidence"] == first["field_confidence"]["date"]
    assert fields["type"]["confidence"] is None  # the type is not assessed on its own
    html = client.get(f"/events/{first['id']}").text
    assert "Confidence that this event is real: <strong>" in html
    assert f"{first['confidence'] * 100:.0f}%" in html
    reason = data["event"]["confidence_reasons"][0][0]
    assert reason in html.replace("&#39;", "'").replace("&gt;", ">")


def test_min_confidence_keeps_the_timeline_to_the_surer_events(client: TestClient) -> None:
    events = client.get("/api/events", params={"limit": 500}).json()["events"]
    threshold = sorted(e["confidence"] for e in events)[len(events) // 2]
    sure = client.get("/api/events", params={"limit": 500, "min_confidence": threshold}).json()
    assert [e["id"] for e in sure["events"]] == [e["id"] for e in events if e["confidence"] >= threshold]
    assert sure["filters"]["min_confidence"] == threshold
    page = client.get("/", params={"min_confidence": threshold}).text
    assert f'name="min_confidence" min="0" max="1" step="0.05" value="{threshold}"' in page


def test_evidence_is_marked_at_its_offsets_in_the_article(client: TestClient, store_path: object) -> None:
    events = client.get("/api/events").json()["events"]
    checked = 0
    with Store(str(store_path)) as store:
        for ev in events:
            data = client.get(f"/api/events/{ev['id']}").json()
            html = client.get(f"/events/{ev['id']}").text
            for m in data["mentions"]:
                text = store.document(m["doc_id"]).text  # type: ignore[union-attr]
                for e in m["evidence"]:
                    if not e["located"]:
                        continue
                    assert text[e["start"] : e["end"]] == e["text"]
                    marked = re.search(rf'<mark id="{e["anchor"]}" class="evidence">(.*?)</mark>', html, re.S)
                    assert marked and unescape(marked.group(1)) == e["text"]
                    assert f'href="#{e["anchor"]}"' in html
                    checked += 1
    assert checked >= 5


def test_contradictions_show_on_the_event_page(client: TestClient, store_path: object) -> None:
    with Store(str(store_path)) as store:
        row = store.conn.execute("SELECT event_id, field FROM contradictions LIMIT 1").fetchone()
    if row is None:
        pytest.skip("the development set yields no contradiction")
    data = client.get(f"/api/events/{row[0]}").json()
    assert row[1] in {c["field"] for c in data["contradictions"]}
    assert "The sources agree" not in client.get(f"/events/{row[0]}").text


def test_document_page_marks_every_located_evidence(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": "Brussels"}).json()["results"][0]
    data = client.get(f"/api/documents/{hit['doc_id']}").json()
    html = client.get(f"/documents/{hit['doc_id']}").text
    for rep in data["reports"]:
        for e in rep["evidence"]:
            if e["located"]:
                assert f'<mark id="{e["anchor"]}"' in html


def test_search_finds_articles_by_every_word_and_marks_the_hits(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "Sochi"}).json()
    assert data["results"] and all("sochi" in r["snippet"].lower() for r in data["results"])
    assert "<mark>Sochi</mark>" in client.get("/search", params={"q": "Sochi"}).text
    assert client.get("/api/search", params={"q": "Sochi zzzunknownword"}).json()["results"] == []


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "Sochi*)", "NEAR(", "'; DROP TABLE documents; --"])
def test_search_syntax_in_a_query_is_taken_as_words(client: TestClient, query: str) -> None:
    assert client.get("/api/search", params={"q": query}).status_code == 200


def test_search_index_follows_new_documents(store_path: object, tmp_path: object) -> None:
    import shutil
    from pathlib import Path

    from parley.ingest import ingest_text

    copy = Path(str(tmp_path)) / "copy.db"
    with Store(str(store_path)) as src:
        src.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(str(store_path), copy)
    with Store(copy) as store:
        store.add_documents([ingest_text("Envoys gathered in Quetzaltenango for a quiet round of talks.")])
        from parley.store import search

        assert [h["name"] for h in search.search(store.conn, "Quetzaltenango")] == ["text"]


def test_venues_carry_coordinates_and_counts(client: TestClient) -> None:
    venues = client.get("/api/venues").json()["venues"]
    assert venues and all(v["events"] > 0 for v in venues)
    assert any(v["lat"] is not None for v in venues)
    html = client.get("/map").text
    assert html.count('class="venue"') == sum(1 for v in venues if v["lat"] is not None)
    first = venues[0]
    listed = client.get(first["url"]).text
    assert listed.count('class="event-row') == min(first["events"], 100)


def test_network_distinguishes_mediator_edges(client: TestClient) -> None:
    data = client.get("/api/network").json()
    kinds = {e["kind"] for e in data["edges"]}
    assert kinds <= {"meets", "mediates"} and "meets" in kinds
    html = client.get("/network").text
    assert html.count('class="edge ') == len(
        [e for e in data["edges"] if {e["a"], e["b"]} <= {n["code"] for n in data["nodes"][:40]}]
    )


def test_actor_and_issue_pages(client: TestClient) -> None:
    actor = client.get("/api/actors/ARM").json()
    assert actor["actor"]["name"] == "Armenia" and all("ARM" in e["parties"] for e in actor["events"])
    issues = client.get("/api/issues").json()["issues"]
    assert issues
    discussed = max(issues, key=lambda i: i["events"])
    detail = client.get(f"/api/issues/{discussed['id']}").json()
    assert len(detail["events"]) == min(discussed["events"], 100)
    assert all(discussed["id"] in e["issues"] for e in detail["events"])
    assert client.get(f"/issues/{discussed['id']}").status_code == 200


def test_ledger_tally_adds_up(client: TestClient) -> None:
    data = client.get("/api/ledger").json()
    for row in data["tally"]:
        assert row["made"] == row["came_true"] + row["failed"] + row["overdue"] + row["open"]
    assert sum(r["made"] for r in data["tally"]) >= len(data["expectations"])


def test_openapi_describes_the_api_without_a_cdn(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/events/{event_id}/correct" in spec["paths"]
    assert client.get("/docs").status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_from_other_hosts(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert not re.search(r'(src|href)="(https?:)?//', html)
