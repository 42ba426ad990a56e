"""Signing in and curating through forms, against the real server (``parley serve``) over HTTP:
the session cookie, CSRF tokens, sign-out, and the log naming who curated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.server import serving
from tests.web.conftest import ANA, BEN

from parley.web.auth import SESSION_COOKIE


@pytest.fixture(scope="module")
def db(curated_db: Path) -> Path:
    return curated_db


@pytest.fixture(scope="module")
def server(labelled_server: str) -> str:
    return labelled_server


@pytest.fixture()
def http(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, follow_redirects=False, timeout=30) as c:
        yield c


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(http: httpx.Client, secret: str = ANA) -> str:
    """Sign in; returns the session's CSRF token (read from a page's form)."""
    page = http.get("/signin")
    response = http.post("/signin", data={"csrf": csrf_of(page.text), "token": secret, "next": "/review"})
    assert response.status_code == 303 and response.headers["location"] == "/review"
    return csrf_of(http.get("/review").text)


def open_events(http: httpx.Client) -> list[dict[str, Any]]:
    return http.get("/api/review", params={"limit": 500}).json()["events"]


def log(http: httpx.Client) -> list[dict[str, Any]]:
    return http.get("/api/log").json()["actions"]


def test_the_session_cookie_is_signed_httponly_and_same_site_strict(http: httpx.Client) -> None:
    page = http.get("/signin")
    assert "parley_signin" in page.headers["set-cookie"] and "HttpOnly" in page.headers["set-cookie"]
    response = http.post("/signin", data={"csrf": csrf_of(page.text), "token": ANA})
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=ana|")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback: a Secure cookie would never come back
    assert http.get("/api/session").json() == {
        "curation": True,
        "signed_in": True,
        "label": "ana",
        "expires": http.get("/api/session").json()["expires"],
    }


def test_a_wrong_token_does_not_sign_in(http: httpx.Client) -> None:
    page = http.get("/signin")
    response = http.post("/signin", data={"csrf": csrf_of(page.text), "token": ANA + "x"})
    assert response.status_code == 401 and "not one this server accepts" in response.text
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    assert http.get("/api/session").json()["signed_in"] is False


def test_signing_in_needs_the_sign_in_form_csrf_token(http: httpx.Client) -> None:
    http.get("/signin")
    for data in ({"token": ANA}, {"token": ANA, "csrf": "forged"}):
        response = http.post("/signin", data=data)
        assert response.status_code == 403 and SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_a_forged_or_altered_session_cookie_signs_nobody_in(http: httpx.Client) -> None:
    sign_in(http)
    real = http.cookies[SESSION_COOKIE]
    label, issued, nonce, signature = real.split("|")
    for forged in (f"ben|{issued}|{nonce}|{signature}", f"ana|{issued}|{nonce}|{'0' * 64}", "ana", ""):
        http.cookies.set(SESSION_COOKIE, forged)
        assert http.get("/api/session").json()["signed_in"] is False
        assert "confirm-form" not in http.get("/review").text


@pytest.mark.parametrize("csrf", [None, "", "wrong", "other-session"])
def test_a_post_without_the_right_csrf_token_is_refused_and_changes_nothing(
    http: httpx.Client, server: str, csrf: str | None
) -> None:
    sign_in(http)
    event = open_events(http)[-1]
    before = len(log(http))
    data = {"note": "should not land"}
    if csrf == "other-session":
        with httpx.Client(base_url=server, follow_redirects=False) as other:
            data["csrf"] = sign_in(other, BEN)
    elif csrf is not None:
        data["csrf"] = csrf
    response = http.post(f"/events/{event['id']}/confirm", data=data)
    assert response.status_code == 403 and "CSRF" in response.text
    assert len(log(http)) == before
    assert http.get(f"/api/events/{event['id']}").json()["verdict"] is None


def test_a_post_from_another_site_is_refused(http: httpx.Client) -> None:
    csrf = sign_in(http)
    event = open_events(http)[-1]
    response = http.post(
        f"/events/{event['id']}/confirm", data={"csrf": csrf}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert http.get(f"/api/events/{event['id']}").json()["verdict"] is None


def test_a_post_without_a_session_is_401(http: httpx.Client) -> None:
    event = open_events(http)[-1]
    response = http.post(f"/events/{event['id']}/confirm", data={"csrf": "x"})
    assert response.status_code == 401 and "sign in" in response.text


def test_state_changes_only_on_post(http: httpx.Client) -> None:
    sign_in(http)
    event = open_events(http)[-1]
    for action in ("confirm", "reject"):
        assert http.get(f"/events/{event['id']}/{action}").status_code == 405
    assert http.get("/signout").status_code == 405
    assert http.get(f"/api/events/{event['id']}").json()["verdict"] is None


def test_a_form_action_is_logged_with_the_signed_in_label_and_the_count_goes_down(http: httpx.Client) -> None:
    csrf = sign_in(http)
    before = http.get("/api/review").json()["left"]
    event = open_events(http)[-1]
    form = {"csrf": csrf, "note": "checked both sources", "next": "/review"}
    response = http.post(f"/events/{event['id']}/confirm", data=form)
    assert response.status_code == 303 and response.headers["location"] == "/review"
    assert http.get("/api/review").json()["left"] == before - 1
    last = log(http)[0]
    assert (last["action"], last["event_id"], last["who"], last["note"]) == (
        "confirm", event["id"], "ana", "checked both sources"
    )  # fmt: skip
    html = http.get("/log").text
    assert "checked both sources" in html and ">ana</a>" in html


def test_the_bearer_api_still_works_and_logs_its_label(http: httpx.Client) -> None:
    event = open_events(http)[-1]
    response = http.post(
        f"/api/events/{event['id']}/confirm",
        json={"note": "by script"},
        headers={"Authorization": f"Bearer {BEN}"},
    )
    assert response.status_code == 200
    last = log(http)[0]
    assert (last["who"], last["note"], last["event_id"]) == ("ben", "by script", event["id"])
    assert http.get("/api/log", params={"who": "ben"}).json()["actions"][0]["id"] == last["id"]


def test_a_redirect_after_a_form_never_leaves_the_site(http: httpx.Client) -> None:
    csrf = sign_in(http)
    event = open_events(http)[-1]
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = http.post(f"/events/{event['id']}/correct", data={
            "csrf": csrf, "field": "status", "value": event["status"], "next": target,
        })  # fmt: skip
        assert response.status_code == 303 and response.headers["location"] == f"/events/{event['id']}"


def test_signing_out_revokes_the_session_even_if_its_cookie_comes_back(http: httpx.Client) -> None:
    csrf = sign_in(http)
    cookie = http.cookies[SESSION_COOKIE]
    response = http.post("/signout", data={"csrf": csrf})
    assert response.status_code == 303 and f'{SESSION_COOKIE}=""' in response.headers["set-cookie"]
    assert http.get("/api/session").json()["signed_in"] is False
    http.cookies.set(SESSION_COOKIE, cookie)
    assert http.get("/api/session").json()["signed_in"] is False
    event = open_events(http)[-1]
    assert http.post(f"/events/{event['id']}/confirm", data={"csrf": csrf}).status_code == 401


def test_a_read_only_server_offers_no_sign_in_and_refuses_every_form(store_path: Path) -> None:
    with serving(store_path) as base, httpx.Client(base_url=base, follow_redirects=False) as http:
        assert "read-only" in http.get("/signin").text
        assert "signin-link" not in http.get("/").text
        assert http.get("/api/session").json()["curation"] is False
        event = http.get("/api/events").json()["events"][0]
        assert http.post("/signin", data={"token": "x"}).status_code == 403
        assert http.post(f"/events/{event['id']}/confirm", data={"csrf": "x"}).status_code == 403


def test_signed_in_pages_have_no_inline_script_or_style(http: httpx.Client) -> None:
    sign_in(http)
    event = open_events(http)[0]
    for path in (event["url"], "/review", "/log", "/signin"):
        html = http.get(path).text
        assert "csrf" in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\sstyle=", html) and "<style" not in html, path
        # The hostile test article's text shows, escaped, on its event's page.
        assert not re.search(r"\son[a-z]+=", html.replace("onerror=&#34;", "")), path
