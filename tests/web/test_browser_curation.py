"""Curation from the browser: the real server (``parley serve`` with labelled tokens, over a private
copy of the store) driven by Debian's Chromium through Playwright.

Each action is taken by clicking the page, then looked for in every reader: the web page, the CLI
(``parley events --json`` and ``parley timeline --json``, run as subprocesses) and an export
(``parley export --format jsonl``). The tests of this module share one store and run in order:
the queue is checked before the actions below it change it. Screenshots land in build/screenshots/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from tests.web.conftest import ANA, BEN, shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def db(curated_db: Path) -> Path:
    return curated_db


@pytest.fixture(scope="module")
def server(labelled_server: str) -> str:
    return labelled_server


# -- readers other than the web page ---------------------------------------------------------


def parley(db: Path, *args: str) -> str:
    exe = Path(sys.executable).with_name("parley")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "parley.cli.main"]
    env = {**os.environ, "COLUMNS": "250", "PARLEY_TOKEN": ""}
    done = subprocess.run(
        [*command, "--db", str(db), *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def jsonl(text: str) -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return {r["id"]: r for r in rows}


def readers(db: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """The record as the CLI's two listings and the JSON Lines export read it, event id -> row."""
    return {
        "events": jsonl(parley(db, "events", "--json")),
        "timeline": jsonl(parley(db, "timeline", "--json")),
        "export": jsonl(parley(db, "export", "--format", "jsonl")),
    }


# -- the browser ------------------------------------------------------------------------------


def sign_in(page: Any, server: str, secret: str = ANA) -> None:
    page.goto(server + "/signin")
    page.fill("#token", secret)
    with page.expect_navigation():
        page.click("#signin-submit")


def queue(page: Any, server: str) -> list[dict[str, Any]]:
    return page.request.get(server + "/api/review?limit=500").json()["events"]


def detail(page: Any, server: str, event_id: str) -> dict[str, Any]:
    return page.request.get(f"{server}/api/events/{event_id}").json()


def submit(page: Any, button: Any) -> None:
    with page.expect_navigation():
        button.click()


def test_signed_out_the_pages_have_no_forms(server: str, page: Any) -> None:
    event = queue(page, server)[0]
    page.goto(server + event["url"])
    assert page.locator("#signin-link").is_visible()
    forms = ("#confirm-form", "#reject-form", "form.correct-form", "form.merge-form", "form.split-form")
    for selector in forms:
        assert page.locator(selector).count() == 0, selector
    page.goto(server + "/review")
    assert page.locator("tr.review-row").count() > 0 and page.locator("form.confirm-form").count() == 0
    shot(page, "curation-signed-out")
    assert page.problems == []


def test_signing_in_with_a_wrong_then_the_right_token(server: str, page: Any) -> None:
    page.goto(server + "/signin")
    shot(page, "curation-signin")
    page.fill("#token", "not-a-token")
    with page.expect_navigation():
        page.click("#signin-submit")
    assert "not one this server accepts" in page.locator("#problem").text_content()
    assert [m for m in page.problems if "401" not in m] == []  # the refusal is a 401 page, logged as such
    page.problems.clear()
    page.fill("#token", BEN)
    with page.expect_navigation():
        page.click("#signin-submit")
    assert page.url == server + "/review"
    assert page.locator("#signed-in-as").text_content() == "ben"
    session = [c for c in page.context.cookies() if c["name"] == "parley_session"][0]
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    assert page.evaluate("() => document.cookie") == ""  # scripts cannot read the session
    assert page.problems == []


def test_the_queue_puts_contradictions_first_and_its_keys_confirm_reject_and_open(
    server: str, page: Any, db: Path
) -> None:
    sign_in(page, server)
    page.goto(server + "/review")
    left = int(page.locator("#left").text_content().split()[0])
    rows = page.locator("tr.review-row")
    order = rows.evaluate_all("rs => rs.map(r => r.dataset.event)")
    api = queue(page, server)
    assert order == [e["id"] for e in api][: len(order)] and left == len(api)
    priorities = [e["priority"] for e in api]
    assert priorities == sorted(priorities, reverse=True)
    assert api[0]["contradicted_fields"], "the event whose sources disagree comes first"
    assert "sources disagree" in rows.nth(0).text_content()
    assert "selected" in (rows.nth(0).get_attribute("class") or "")
    shot(page, "review")

    # j moves down, k back up, j again; c confirms the selected (second) event.
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("j")
    assert "selected" in (rows.nth(1).get_attribute("class") or "")
    confirmed = order[1]
    with page.expect_navigation():
        page.keyboard.press("c")
    assert page.url == server + "/review"
    assert int(page.locator("#left").text_content().split()[0]) == left - 1
    assert confirmed not in page.locator("tr.review-row").evaluate_all("rs => rs.map(r => r.dataset.event)")
    assert detail(page, server, confirmed)["verdict"] == "confirmed"

    # After the page comes back the first row is selected again. j, then r puts the cursor in the
    # second row's note; typing there is not taken as keys ("jump" moves nothing); Enter rejects.
    rejected = page.locator("tr.review-row").nth(1).get_attribute("data-event")
    page.keyboard.press("j")
    page.keyboard.press("r")
    page.keyboard.type("a wire story retold; jump ok")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert int(page.locator("#left").text_content().split()[0]) == left - 2
    assert detail(page, server, rejected)["verdict"] == "rejected"

    # o opens the selected event.
    first = page.locator("tr.review-row").nth(0).get_attribute("data-event")
    with page.expect_navigation():
        page.keyboard.press("o")
    assert page.url == f"{server}/events/{first}"
    shot(page, "review-opened")

    seen = readers(db)
    for rows_of in seen.values():
        assert rows_of[confirmed]["verdict"] == "confirmed"
        assert rejected not in rows_of
    log = page.request.get(server + "/api/log").json()["actions"]
    assert [(a["action"], a["event_id"], a["who"]) for a in log[:2]] == [
        ("reject", rejected, "ana"), ("confirm", confirmed, "ana")
    ]  # fmt: skip
    assert log[0]["note"] == "a wire story retold; jump ok"
    assert page.problems == []


def test_confirm_from_the_event_page(server: str, page: Any, db: Path) -> None:
    sign_in(page, server)
    event = queue(page, server)[-1]
    page.goto(server + event["url"])
    shot(page, "event-curating")
    page.fill("#confirm-form input[name=note]", "matches the ministry's readout")
    submit(page, page.locator("#confirm-form button"))
    assert page.url == server + event["url"]
    assert "Confirmed by an analyst" in page.locator("main").text_content()
    assert "by ana: confirm: matches the ministry's readout" in page.locator("ol.curation").text_content()
    for name, rows in readers(db).items():
        assert rows[event["id"]]["verdict"] == "confirmed", name
    assert "confirmed" in parley(db, "events")
    assert page.problems == []


def test_correct_fields_from_the_event_page(server: str, page: Any, db: Path) -> None:
    sign_in(page, server)
    event = next(e for e in reversed(queue(page, server)) if e["status"] != "cancelled")
    page.goto(server + event["url"])
    form = page.locator("#correct-status")
    form.locator("select[name=value]").select_option("cancelled")
    form.locator("input[name=note]").fill("called off the day before")
    submit(page, form.locator("button"))
    form = page.locator("#correct-place")
    form.locator("select[name=value]").select_option("Prague")
    submit(page, form.locator("button"))
    form = page.locator("#correct-parties")
    form.locator("select[name=parties]").select_option(["ARM", "AZE", "FRA"])
    submit(page, form.locator("button"))
    form = page.locator("#correct-date")
    form.locator("input[name=value]").fill("2022-10-06")
    submit(page, form.locator("button"))
    # The browser refuses a date that is not YYYY[-MM[-DD]]; with that check removed, the server does.
    form = page.locator("#correct-date")
    form.locator("input[name=value]").evaluate("input => input.removeAttribute('pattern')")
    form.locator("input[name=value]").fill("October 2022")
    submit(page, form.locator("button"))
    assert "date must be YYYY, YYYY-MM or YYYY-MM-DD" in page.locator("#problem").text_content()
    shot(page, "event-correct-refused")
    assert [m for m in page.problems if "422" not in m] == []  # the refusal is a 422 page, logged as such
    page.problems.clear()
    page.goto(server + event["url"])
    fields = {f["field"]: f for f in detail(page, server, event["id"])["fields"]}
    assert fields["status"]["value"] == "cancelled" and fields["status"]["corrected"]
    assert fields["place"]["value"] == "Prague" and fields["date"]["value"] == "2022-10-06"
    assert fields["parties"]["value"] == ["ARM", "AZE", "FRA"]
    assert page.locator("#field-status .corrected").count() == 1
    for name, rows in readers(db).items():
        row = rows[event["id"]]
        assert (row["status"], row["place"], row["date"], row["parties"]) == (
            "cancelled", "Prague", "2022-10-06", ["ARM", "AZE", "FRA"]
        ), name  # fmt: skip
    assert page.problems == []


def test_reject_with_a_note_from_the_event_page(server: str, page: Any, db: Path) -> None:
    sign_in(page, server)
    event = queue(page, server)[-1]
    page.goto(server + event["url"])
    page.fill("#reject-form input[name=note]", "an opinion piece, not a meeting")
    submit(page, page.locator("#reject-form button"))
    assert "An analyst rejected this event" in page.locator("main").text_content()
    assert page.locator("#confirm-form").count() == 0  # a rejected event has nothing left to curate
    for name, rows in readers(db).items():
        assert event["id"] not in rows, name
    page.goto(server + "/log")
    row = page.locator(f"tr.log-row[data-action=reject][data-event='{event['id']}']")
    assert "an opinion piece, not a meeting" in row.text_content() and "ana" in row.text_content()
    shot(page, "log")
    assert page.problems == []


def test_merge_an_event_found_by_search(server: str, page: Any, db: Path) -> None:
    sign_in(page, server)
    events = [e for e in reversed(queue(page, server)) if not e["merge_with"]]
    keep, other = events[0], next(e for e in events[1:] if e["type"] == events[0]["type"])
    title = detail(page, server, other["id"])["mentions"][0]["title"]
    words = " ".join(w for w in (title or "").split() if w.isalpha()) or other["id"]
    before = {r: readers(db)["events"][r]["mentions"] for r in (keep["id"], other["id"])}
    page.goto(server + keep["url"])
    page.fill("form.merge-search input[name=merge_q]", words)
    submit(page, page.locator("form.merge-search button"))
    candidate = page.locator(f"li:has(input[name=other][value='{other['id']}'])")
    assert candidate.count() >= 1, f"searching {words!r} did not find {other['id']}"
    shot(page, "event-merge-search")
    submit(page, candidate.first.locator("button"))
    assert page.url == server + keep["url"]
    assert other["id"] in page.locator("main").text_content()  # "Merged here: ..."
    merged = detail(page, server, keep["id"])
    assert merged["merged_from"] == [other["id"]]
    for name, rows in readers(db).items():
        assert other["id"] not in rows, name
        assert rows[keep["id"]]["mentions"] == sum(before.values()), name
    assert page.problems == []


def test_split_off_a_mention_and_the_queue_suggests_merging_it_back(server: str, page: Any, db: Path) -> None:
    sign_in(page, server)
    # The Brussels meeting two test articles report, a day apart (a contradiction on its date).
    shared = next(e for e in queue(page, server) if e["contradicted_fields"] and e["mentions"] >= 2)
    mention = detail(page, server, shared["id"])["mentions"][-1]
    page.goto(server + shared["url"])
    form = page.locator(f"form.split-form:has(input[name=report_id][value='{mention['report_id']}'])")
    submit(page, form.locator("button"))
    new_id = "split-" + mention["report_id"]
    assert unquote(page.url) == f"{server}/events/{new_id}"
    assert f"Split off {shared['id']}" in page.locator("main").text_content()
    shot(page, "event-split")
    for name, rows in readers(db).items():
        assert new_id in rows, name
        assert rows[shared["id"]]["mentions"] == shared["mentions"] - 1, name
    # The split-off event and the one it left are alike: the queue puts them near the top, paired.
    page.goto(server + "/review")
    top = {e["id"]: e for e in queue(page, server)[:3]}
    assert new_id in top and shared["id"] in top[new_id]["merge_with"]
    assert "may be the same event as" in page.locator(f"tr.review-row[data-event='{new_id}']").text_content()
    assert page.problems == []


def test_a_form_with_a_forged_csrf_token_is_refused(server: str, page: Any) -> None:
    sign_in(page, server)
    event = queue(page, server)[-1]
    page.goto(server + event["url"])
    page.locator("#confirm-form input[name=csrf]").evaluate("input => { input.value = 'forged'; }")
    with page.expect_navigation():
        page.click("#confirm-form button")
    assert "CSRF" in page.locator(".error-message").text_content()
    shot(page, "csrf-refused")
    # A POST without any token, with the session cookie the browser holds, is refused too.
    response = page.request.post(f"{server}/events/{event['id']}/confirm", form={"note": "x"})
    assert response.status == 403
    assert detail(page, server, event["id"])["verdict"] is None
    page.problems.clear()  # the 403 page logs a failed resource load to the console


def test_signing_out(server: str, page: Any) -> None:
    sign_in(page, server)
    event = queue(page, server)[-1]
    page.goto(server + event["url"])
    assert page.locator("#confirm-form").count() == 1
    submit(page, page.locator("#signout"))
    assert page.url == server + "/"
    assert page.locator("#signin-link").is_visible()
    page.goto(server + event["url"])
    assert page.locator("#confirm-form").count() == 0 and page.locator("form.correct-form").count() == 0
    assert page.request.get(server + "/api/session").json()["signed_in"] is False
    assert page.problems == []
