"""Curation: behind a token, stored in its own tables, applied on read, kept across re-fusion."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ACTIONS = ["confirm", "correct", "reject", "merge", "split"]


@pytest.mark.parametrize("action", ACTIONS)
def test_curation_is_disabled_without_a_configured_token(client: TestClient, action: str) -> None:
    event_id = client.get("/api/events").json()["events"][0]["id"]
    response = client.post(f"/api/events/{event_id}/{action}", json={}, headers=AUTH)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": TOKEN},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
    ],
)
def test_a_missing_or_wrong_token_is_401(curation_client: TestClient, headers: dict[str, str]) -> None:
    event_id = curation_client.get("/api/events").json()["events"][0]["id"]
    response = curation_client.post(f"/api/events/{event_id}/confirm", json={}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"
    assert curation_client.get(f"/api/events/{event_id}").json()["verdict"] is None


def test_confirm_marks_the_event(curation_client: TestClient) -> None:
    event_id = curation_client.get("/api/events").json()["events"][0]["id"]
    response = curation_client.post(f"/api/events/{event_id}/confirm", json={"note": "checked"}, headers=AUTH)
    assert response.status_code == 200
    data = curation_client.get(f"/api/events/{event_id}").json()
    assert data["verdict"] == "confirmed" and data["curation"][-1]["note"] == "checked"
    # A bare token (no label) is labelled 'analyst' in the log.
    assert curation_client.get("/api/log").json()["actions"][0]["who"] == "analyst"
    # An analyst checked it: the event and each of its fields are no longer the model's guess.
    assert data["event"]["confidence"] == 1.0
    assert set(data["event"]["field_confidence"].values()) == {1.0}


def test_a_correction_wins_over_the_fused_value_everywhere(curation_client: TestClient) -> None:
    planned = curation_client.get("/api/events", params={"status": "planned"}).json()["events"][0]
    body = {"field": "status", "value": "cancelled", "note": "called off"}
    assert (
        curation_client.post(f"/api/events/{planned['id']}/correct", json=body, headers=AUTH).status_code
        == 200
    )
    detail = curation_client.get(f"/api/events/{planned['id']}").json()
    assert detail["event"]["status"] == "cancelled" and detail["corrections"] == {"status": "cancelled"}
    # the analyst's value is no guess; the other fields keep the model's confidence
    assert detail["event"]["field_confidence"]["status"] == 1.0
    assert detail["event"]["field_confidence"]["date"] == planned["field_confidence"]["date"]
    cancelled = curation_client.get("/api/events", params={"status": "cancelled"}).json()["events"]
    assert planned["id"] in [e["id"] for e in cancelled]
    still_planned = curation_client.get("/api/events", params={"status": "planned"}).json()["events"]
    assert planned["id"] not in [e["id"] for e in still_planned]


@pytest.mark.parametrize(
    "body",
    [
        {"field": "status", "value": "probably"},
        {"field": "date", "value": "May 2023"},
        {"field": "id", "value": "x"},
        {"field": "parties", "value": []},
        {"value": "held"},
    ],
)
def test_bad_corrections_are_422(curation_client: TestClient, body: dict[str, object]) -> None:
    event_id = curation_client.get("/api/events").json()["events"][0]["id"]
    response = curation_client.post(f"/api/events/{event_id}/correct", json=body, headers=AUTH)
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid"


def test_a_rejected_event_leaves_every_list(curation_client: TestClient) -> None:
    event = curation_client.get("/api/events").json()["events"][0]
    assert curation_client.post(f"/api/events/{event['id']}/reject", json={}, headers=AUTH).status_code == 200
    assert event["id"] not in [e["id"] for e in curation_client.get("/api/events").json()["events"]]
    actor = event["parties"][0]
    assert event["id"] not in [e["id"] for e in curation_client.get(f"/api/actors/{actor}").json()["events"]]
    assert curation_client.get(f"/api/events/{event['id']}").json()["verdict"] == "rejected"


def test_merging_hides_the_other_event_and_gathers_its_mentions(curation_client: TestClient) -> None:
    a, b = curation_client.get("/api/events").json()["events"][:2]
    before = len(curation_client.get(f"/api/events/{a['id']}").json()["mentions"])
    others = len(curation_client.get(f"/api/events/{b['id']}").json()["mentions"])
    response = curation_client.post(f"/api/events/{a['id']}/merge", json={"other": b["id"]}, headers=AUTH)
    assert response.status_code == 200
    merged = curation_client.get(f"/api/events/{a['id']}").json()
    assert len(merged["mentions"]) == before + others and merged["merged_from"] == [b["id"]]
    assert b["id"] not in [e["id"] for e in curation_client.get("/api/events").json()["events"]]
    assert curation_client.get(f"/api/events/{b['id']}").json()["merged_into"] == a["id"]


def test_splitting_a_mention_makes_an_event_of_its_own(curation_client: TestClient) -> None:
    events = curation_client.get("/api/events").json()["events"]
    shared = next(e for e in events if e["mentions"] >= 2)
    mention = curation_client.get(f"/api/events/{shared['id']}").json()["mentions"][-1]
    response = curation_client.post(
        f"/api/events/{shared['id']}/split", json={"report_id": mention["report_id"]}, headers=AUTH
    )
    assert response.status_code == 200
    new_id = response.json()["event_id"]
    assert new_id == "split-" + mention["report_id"]
    left = curation_client.get(f"/api/events/{shared['id']}").json()
    assert mention["report_id"] not in [m["report_id"] for m in left["mentions"]]
    alone = curation_client.get(f"/api/events/{new_id}").json()
    assert [m["report_id"] for m in alone["mentions"]] == [mention["report_id"]]
    assert alone["split_from"] == shared["id"]
    # the last mention of an event cannot be split off: rejecting is the way to drop it
    again = curation_client.post(
        f"/api/events/{shared['id']}/split",
        json={"report_id": left["mentions"][0]["report_id"]},
        headers=AUTH,
    )
    assert again.status_code == (422 if len(left["mentions"]) == 1 else 200)


def test_corrections_survive_refusion(curation_client: TestClient) -> None:
    from parley.fuse import fuse

    rec = curation_client.app.state.record  # type: ignore[attr-defined]
    event = curation_client.get("/api/events").json()["events"][0]
    body = {"field": "place", "value": "Tbilisi"}
    assert (
        curation_client.post(f"/api/events/{event['id']}/correct", json=body, headers=AUTH).status_code == 200
    )
    detail = curation_client.get(f"/api/events/{event['id']}").json()
    doc_ids = {m["doc_id"] for m in detail["mentions"]}
    with rec.conn():
        # Drop the documents' mentions and fuse their reports again: the event is rebuilt from scratch.
        fuse(rec.store, [], documents=sorted(doc_ids))
        fuse(rec.store, [r for d in sorted(doc_ids) for r in rec.store.reports(d)])
    rebuilt = curation_client.get(f"/api/events/{event['id']}").json()
    assert rebuilt["event"]["place"] == "Tbilisi" and rebuilt["fields"][3]["corrected"]


def test_curation_of_an_unknown_event_is_404(curation_client: TestClient) -> None:
    response = curation_client.post("/api/events/nope/confirm", json={}, headers=AUTH)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
