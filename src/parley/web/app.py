"""The web app: server-rendered pages, each with a JSON twin under /api, over one query layer.

Read-only by default; curation endpoints (POST /api/events/{id}/...) need the token given at
start-up, sent as ``Authorization: Bearer <token>``. Every error, on every JSON path, has one
shape: ``{"error": {"status": 404, "code": "not_found", "message": "..."}}``.
"""

from __future__ import annotations

import hmac
import logging
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parley.pack import load_pack
from parley.store import Store
from parley.store.search import MARK_CLOSE, MARK_OPEN
from parley.web import queries, render
from parley.web.queries import Invalid, NotFound, Record

# Offsets and limits beyond SQLite's integer range are a 422, never a 500.
MAX_INT = 2**62
Offset = Annotated[int, Query(ge=0, le=MAX_INT)]

log = logging.getLogger("parley.web")

STATIC = Path(__file__).parent / "static"

# No inline script or style anywhere, so the policy can forbid both; SVG is drawn on the server.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid",
    500: "internal_error",
}

CURATION_ACTIONS = ("confirm", "correct", "reject", "merge", "split")


class SecurityHeaders:
    """Adds the security headers to every response, errors and static files included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Handled here rather than by an exception handler: Starlette runs those outside every
            # middleware, so a 500 would leave without the security headers.
            log.exception("unhandled error on %s", scope.get("path"))
            if started:
                raise
            path = str(scope.get("path", ""))
            message = "internal error; the server log has the details"
            if path.startswith("/api/") or path.endswith(".json"):
                response: Response = JSONResponse(error_body(500, message), status_code=500)
            else:
                response = HTMLResponse(
                    "<!doctype html><title>500 internal_error</title>"
                    f"<h1>500 internal_error</h1><p>{message}</p>",
                    status_code=500,
                )
            await response(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code or ERROR_CODES.get(status, "error"), "message": message}}


def create_app(store_path: str, *, pack: str = "armenia_azerbaijan", token: str = "") -> FastAPI:
    """The app over the store at ``store_path``; ``token`` unlocks curation (empty: read-only)."""
    store = Store(store_path)
    rec = Record(store, load_pack(pack))
    env = Environment(
        loader=PackageLoader("parley.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        url=render.url,
        quoted=render.quoted,
        statuses=("planned", "held", "postponed", "cancelled", "signed", "not_signed"),
    )
    env.filters["snippet"] = lambda text: render.snippet(text, MARK_OPEN, MARK_CLOSE)

    app = FastAPI(
        title="parley",
        summary="The negotiation record: events, sources, curation.",
        version="1",
        # The interactive docs load scripts from a CDN; the description itself is at /api/openapi.json.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.record = rec
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC, follow_symlink=False), name="static")

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(request=request, path=request.url.path, **context)
        return HTMLResponse(html, status_code=status)

    # -- errors: one JSON shape, or an HTML page for the pages ----------------------------------

    def error(
        request: Request,
        status: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        if _wants_json(request):
            return JSONResponse(error_body(status, message, code), status_code=status, headers=headers)
        response = page(
            request,
            "error.html",
            status=status,
            status_code=status,
            code=code or ERROR_CODES.get(status, "error"),
            message=message,
        )
        if headers:
            response.headers.update(headers)
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return error(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()
        )
        return error(request, 422, problems or "invalid request")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error(request, 404, str(exc))

    @app.exception_handler(Invalid)
    async def invalid(request: Request, exc: Invalid) -> Response:
        return error(request, 422, str(exc))

    # -- curation guard ---------------------------------------------------------------------------

    def require_token(request: Request) -> None:
        if not token:
            raise HTTPException(403, "curation is disabled: start the server with --token (or PARLEY_TOKEN)")
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            raise HTTPException(
                401,
                "a valid token is needed: send 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )

    # -- timeline ---------------------------------------------------------------------------------

    def timeline_params(request: Request) -> dict[str, Any]:
        keys = ("actor", "issue", "mediator", "format", "status", "type", "since", "until", "min_confidence")
        return {k: request.query_params.get(k) or None for k in keys}

    def _int(request: Request, name: str, default: int) -> int:
        raw = request.query_params.get(name)
        if raw in (None, ""):
            return default
        try:
            value = int(raw)
        except ValueError as err:
            raise Invalid(f"{name} must be an integer, got {raw!r}") from err
        if not 0 <= value <= MAX_INT:
            raise Invalid(f"{name} must be between 0 and {MAX_INT}, got {raw!r}")
        return value

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request) -> HTMLResponse:
        params = timeline_params(request)
        q = queries.event_query(
            **params, limit=_int(request, "limit", queries.PAGE_SIZE), offset=_int(request, "offset", 0)
        )
        data = queries.timeline(rec, q)
        return page(
            request,
            "timeline.html",
            data=data,
            params=params,
            choices=queries.choices(rec),
            svg=render.timeline_svg(data),
            zoom=render.zoom_links(data, params),
        )

    @app.get("/api/events", tags=["events"])
    def timeline_json(
        request: Request,
        actor: str | None = None,
        issue: str | None = None,
        mediator: str | None = None,
        format: str | None = None,
        status: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        min_confidence: str | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = queries.PAGE_SIZE,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Dated events in date order, one page at a time, filtered; with counts by period and status.
        ``min_confidence`` (0 to 1) keeps the events at least that likely to be real."""
        q = queries.event_query(
            actor=actor,
            issue=issue,
            mediator=mediator,
            format=format,
            status=status,
            type=type,
            since=since,
            until=until,
            min_confidence=min_confidence,
            limit=limit,
            offset=offset,
        )
        return queries.timeline(rec, q)

    @app.get("/undated", response_class=HTMLResponse, include_in_schema=False)
    def undated_page(request: Request) -> HTMLResponse:
        params = timeline_params(request)
        data = queries.undated(rec, queries.event_query(**params, offset=_int(request, "offset", 0)))
        return page(request, "undated.html", data=data, params=params)

    @app.get("/api/events/undated", tags=["events"])
    def undated_json(
        actor: str | None = None,
        issue: str | None = None,
        mediator: str | None = None,
        format: str | None = None,
        status: str | None = None,
        type: str | None = None,
        min_confidence: str | None = None,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Events with no known date, filtered like the timeline."""
        q = queries.event_query(
            actor=actor,
            issue=issue,
            mediator=mediator,
            format=format,
            status=status,
            type=type,
            min_confidence=min_confidence,
            offset=offset,
        )
        return queries.undated(rec, q)

    @app.get("/api/choices", tags=["events"])
    def choices_json() -> dict[str, Any]:
        """The values the timeline filters accept."""
        return queries.choices(rec)

    # -- events -----------------------------------------------------------------------------------

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        data = queries.event_detail(rec, event_id, with_text=True)
        return page(
            request, "event.html", data=data, highlight=_event_highlights(data), token_set=bool(token)
        )

    @app.get("/api/events/{event_id}", tags=["events"])
    def event_json(event_id: str) -> dict[str, Any]:
        """An event: each field with its sources, mentions with evidence, status history,
        contradictions and curation."""
        return queries.event_detail(rec, event_id)

    for action in CURATION_ACTIONS:
        _add_curation_route(app, rec, action, require_token)

    # -- documents and search -------------------------------------------------------------------

    @app.get("/documents/{key}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, key: str) -> HTMLResponse:
        data = queries.document_detail(rec, key)
        spans = [
            (e["start"], e["end"], e["anchor"], "evidence")
            for r in data["reports"]
            for e in r["evidence"]
            if e["located"]
        ]
        body = render.highlight(rec.store.document(data["document"]["id"]).text, spans)  # type: ignore[union-attr]
        return page(request, "document.html", data=data, body=body)

    @app.get("/api/documents/{key}", tags=["documents"])
    def document_json(key: str) -> dict[str, Any]:
        """An article (text and metadata) with the reports extracted from it and their evidence offsets."""
        return queries.document_detail(rec, key)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", offset: Offset = 0) -> HTMLResponse:
        data = queries.search(rec, q, offset) if q.strip() else {"q": q, "results": [], "offset": 0}
        return page(request, "search.html", data=data)

    @app.get("/api/search", tags=["documents"])
    def search_json(q: str, offset: Offset = 0) -> dict[str, Any]:
        """Full-text search over the articles (every word must occur), best match first."""
        data = queries.search(rec, q, offset)
        for hit in data["results"]:
            hit["snippet"] = queries.plain_snippet(hit["snippet"])
        return data

    # -- map, network, actors, issues, ledger ---------------------------------------------------

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        data = queries.venues(rec)
        from parley.web import geo

        return page(
            request,
            "map.html",
            data=data,
            svg=render.map_svg(data["venues"]),
            atlas=bool(geo.country_paths()),
        )

    @app.get("/api/venues", tags=["places"])
    def venues_json() -> dict[str, Any]:
        """Every venue with its number of events and coordinates."""
        return queries.venues(rec)

    @app.get("/venues/{place}", response_class=HTMLResponse, include_in_schema=False)
    def venue_page(request: Request, place: str, offset: Offset = 0) -> HTMLResponse:
        return page(request, "venue.html", data=queries.venue_events(rec, place, offset))

    @app.get("/api/venues/{place}", tags=["places"])
    def venue_json(place: str, offset: Offset = 0) -> dict[str, Any]:
        """The events held (or due) at one venue."""
        return queries.venue_events(rec, place, offset)

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, since: str | None = None, until: str | None = None) -> HTMLResponse:
        data = queries.network(rec, since, until)
        return page(request, "network.html", data=data, svg=render.network_svg(data))

    @app.get("/api/network", tags=["actors"])
    def network_json(since: str | None = None, until: str | None = None) -> dict[str, Any]:
        """Who meets whom and through whom: edges with counts; kind 'mediates' for mediator edges."""
        return queries.network(rec, since, until)

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(request: Request) -> HTMLResponse:
        return page(request, "actors.html", data=queries.actors(rec))

    @app.get("/api/actors", tags=["actors"])
    def actors_json() -> dict[str, Any]:
        """The pack's actors and every other party in the record, with event counts."""
        return queries.actors(rec)

    @app.get("/actors/{code}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, code: str, offset: Offset = 0) -> HTMLResponse:
        return page(request, "actor.html", data=queries.actor_detail(rec, code, offset))

    @app.get("/api/actors/{code}", tags=["actors"])
    def actor_json(code: str, offset: Offset = 0) -> dict[str, Any]:
        """An actor: its events, counterparts, people and stated positions."""
        return queries.actor_detail(rec, code, offset)

    @app.get("/issues", response_class=HTMLResponse, include_in_schema=False)
    def issues_page(request: Request) -> HTMLResponse:
        return page(request, "issues.html", data=queries.issues(rec))

    @app.get("/api/issues", tags=["issues"])
    def issues_json() -> dict[str, Any]:
        """The pack's agenda items with the number of events where each was discussed."""
        return queries.issues(rec)

    @app.get("/issues/{issue_id}", response_class=HTMLResponse, include_in_schema=False)
    def issue_page(request: Request, issue_id: str, offset: Offset = 0) -> HTMLResponse:
        return page(request, "issue.html", data=queries.issue_detail(rec, issue_id, offset))

    @app.get("/api/issues/{issue_id}", tags=["issues"])
    def issue_json(issue_id: str, offset: Offset = 0) -> dict[str, Any]:
        """An issue: events where it was discussed and each side's stances over time, with quotes."""
        return queries.issue_detail(rec, issue_id, offset)

    @app.get("/ledger", response_class=HTMLResponse, include_in_schema=False)
    def ledger_page(request: Request, source: str | None = None, offset: Offset = 0) -> HTMLResponse:
        return page(request, "ledger.html", data=queries.ledger(rec, source=source, offset=offset))

    @app.get("/api/ledger", tags=["expectations"])
    def ledger_json(source: str | None = None, offset: Offset = 0) -> dict[str, Any]:
        """Forward-looking claims and how they turned out, with a tally per source."""
        return queries.ledger(rec, source=source, offset=offset)

    @app.get("/api/{rest:path}", include_in_schema=False)
    def api_not_found(rest: str) -> None:
        raise NotFound(f"no API endpoint /api/{rest}; see /api/openapi.json")

    return app


def _event_highlights(data: dict[str, Any]) -> dict[str, Any]:
    """Each source article's text with its mentions' evidence marked, keyed by document id."""
    spans: dict[str, list[tuple[int, int, str, str]]] = {}
    for m in data["mentions"]:
        for e in m["evidence"]:
            if e["located"]:
                spans.setdefault(m["doc_id"], []).append((e["start"], e["end"], e["anchor"], "evidence"))
    return {
        doc_id: render.highlight(doc["text"], spans.get(doc_id, []))
        for doc_id, doc in data.get("documents", {}).items()
    }


def _add_curation_route(app: FastAPI, rec: Record, action: str, require_token: Any) -> None:
    async def endpoint(request: Request, event_id: str) -> dict[str, Any]:
        require_token(request)
        body: Any = {}
        raw = await request.body()
        if raw.strip():
            try:
                body = await request.json()
            except ValueError as err:
                raise Invalid(f"the request body must be JSON: {err}") from err
        if not isinstance(body, dict):
            raise Invalid("the request body must be a JSON object")
        return queries.curate(rec, action, event_id, body)

    endpoint.__name__ = f"curate_{action}"
    endpoint.__doc__ = {
        "confirm": 'Mark an event as confirmed by an analyst. Body: {"note": "..."} (optional).',
        "correct": 'Correct a field: {"field": "status", "value": "held", "note": "..."}.',
        "reject": "Reject an event: it leaves every list; its page says so.",
        "merge": 'Merge another event into this one: {"other": "<event id>"}.',
        "split": 'Split a mention off into an event of its own: {"report_id": "<report id>"}.',
    }[action]
    app.post(f"/api/events/{{event_id}}/{action}", tags=["curation"])(endpoint)
