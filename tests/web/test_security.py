"""Security: headers on every response, one JSON error shape, static files kept in their folder,
hostile article text rendered inert, no inline script or style for the CSP to allow."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from parley.web.render import highlight

PATHS = [
    "/", "/map", "/api/events", "/static/app.css", "/api/nope", "/events/nope", "/api/openapi.json",
    "/review", "/log", "/signin", "/api/review", "/api/log", "/api/session",
]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


def test_a_server_error_has_the_headers_and_the_error_shape(store_path: object) -> None:
    from parley.web import create_app

    app = create_app(str(store_path))
    app.state.record.store.conn.close()  # every query now fails inside the app
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/api/events")
        page = c.get("/")
    assert response.status_code == 500
    assert response.json() == {
        "error": {
            "status": 500,
            "code": "internal_error",
            "message": "internal error; the server log has the details",
        }
    }
    assert "closed" not in response.text and "Traceback" not in page.text
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert response.headers["x-frame-options"] == "DENY" and page.headers["x-frame-options"] == "DENY"


ERRORS = [
    ("get", "/api/events/no-such-event", None, 404, "not_found"),
    ("get", "/api/no/such/endpoint", None, 404, "not_found"),
    ("get", "/api/events?status=someday", None, 422, "invalid"),
    ("get", "/api/events?limit=many", None, 422, "invalid"),
    ("get", "/api/search", None, 422, "invalid"),
    ("post", "/api/events/x/confirm", None, 403, "forbidden"),
    ("delete", "/api/events", None, 405, "method_not_allowed"),
    ("get", "/api/review?limit=0", None, 422, "invalid"),
    ("get", "/api/review?offset=-1", None, 422, "invalid"),
    ("get", "/api/log?offset=x", None, 422, "invalid"),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "code"), ERRORS)
def test_json_errors_share_one_shape(
    client: TestClient, method: str, path: str, body: object, status: int, code: str
) -> None:
    response = client.request(method.upper(), path, json=body)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(response.json()) == {"error"}
    assert set(error) == {"status", "code", "message"}
    assert error["status"] == status and error["code"] == code and error["message"]


def test_html_pages_answer_errors_with_a_page(client: TestClient) -> None:
    response = client.get("/events/no-such-event")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "no-such-event" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/%2e%2e/%2e%2e/store/__init__.py",
        "/static/..%2fapp.py",
        "/static/%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/....//app.py",
    ],
)
def test_static_files_cannot_escape_their_folder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "create_app" not in response.text and "root:" not in response.text


def test_hostile_article_text_is_escaped_on_every_page_that_shows_it(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": "Talks resume"}).json()["results"][0]
    doc = client.get(f"/api/documents/{hit['doc_id']}").json()
    event_id = next(r["event_id"] for r in doc["reports"] if r["event_id"])
    for path in (f"/documents/{hit['doc_id']}", f"/events/{event_id}", "/search?q=pwned"):
        html = client.get(path).text
        assert "<script>window" not in html
        assert "<img src=x" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
        assert 'href="javascript:' not in html
        assert "&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "path",
    [
        "/", "/map", "/network", "/actors/ARM", "/ledger", "/issues", "/search?q=talks",
        "/review", "/log", "/signin",
    ],  # fmt: skip
)
def test_pages_have_no_inline_script_or_style(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\sstyle=", html) and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)


HIGHLIGHTS = [
    ("plain text", [(0, 5, "a", "e")], '<mark id="a" class="e">plain</mark> text'),
    ("a <b> c", [(2, 5, "m", "e")], 'a <mark id="m" class="e">&lt;b&gt;</mark> c'),
    (
        "x & y",
        [(0, 1, "p", "e"), (0, 3, "q", "e")],
        '<mark id="p" class="e">x</mark> &amp; y',
    ),  # overlap skipped
    ("short", [(2, 99, "z", "e")], "short"),  # outside the text
    ("<i>", [], "&lt;i&gt;"),
    ("ab", [(0, 1, '"><script>', "e")], '<mark id="&#34;&gt;&lt;script&gt;" class="e">a</mark>b'),
]


@pytest.mark.parametrize(("text", "spans", "expected"), HIGHLIGHTS)
def test_highlight_escapes_every_segment_and_never_nests(text: str, spans: list, expected: str) -> None:
    assert str(highlight(text, spans)) == expected
