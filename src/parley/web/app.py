"""The web app: server-rendered pages, each with a JSON twin under /api, over one query layer.

Read-only by default. With tokens configured (the ``token`` setting), curation is open two ways:
the JSON endpoints (POST /api/events/{id}/...) with ``Authorization: Bearer <secret>``, and the
event page's forms once signed in (a signed session cookie; every form carries the session's CSRF
token, checked on every POST: see ``parley.web.auth``). Every error, on every JSON path, has one
shape: ``{"error": {"status": 404, "code": "not_found", "message": "..."}}``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parley.pack import load_pack
from parley.settings import parse_tokens
from parley.store import Store
from parley.store.search import MARK_CLOSE, MARK_OPEN
from parley.web import queries, render
from parley.web.auth import SESSION_COOKIE, SESSION_SECONDS, SIGNIN_COOKIE, Auth, Session
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

# A form post is a few fields and a note; anything larger is not one of ours.
MAX_FORM_BYTES = 64 * 1024


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
    """The app over the store at ``store_path``; ``token`` (the setting: ``label:secret`` pairs, or
    one bare secret) unlocks curation (empty: read-only)."""
    auth = Auth(parse_tokens(token))
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
    app.state.auth = auth
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC, follow_symlink=False), name="static")

    def session_of(request: Request) -> Session | None:
        return auth.session(request.cookies.get(SESSION_COOKIE))

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            request=request,
            path=request.url.path,
            session=session_of(request),
            curation_on=auth.enabled,
            **context,
        )
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

    # -- curation guards: a bearer token for the JSON API, a session and its CSRF token for forms --

    def require_token(request: Request) -> str:
        """The label of the bearer token the request carries, or 403/401."""
        if not auth.enabled:
            raise HTTPException(403, "curation is disabled: start the server with --token (or PARLEY_TOKEN)")
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        label = auth.identify(value.strip()) if scheme.lower() == "bearer" else None
        if label is None:
            raise HTTPException(
                401,
                "a valid token is needed: send 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return label

    async def read_form(request: Request) -> dict[str, list[str]]:
        """A form post's fields (application/x-www-form-urlencoded), or 400."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            raise HTTPException(400, "send the form as application/x-www-form-urlencoded")
        raw = await request.body()
        if len(raw) > MAX_FORM_BYTES:
            raise HTTPException(400, f"the form is larger than {MAX_FORM_BYTES} bytes")
        try:
            return parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=200)
        except (UnicodeDecodeError, ValueError) as err:
            raise HTTPException(400, f"the form cannot be read: {err}") from err

    def same_origin(request: Request) -> None:
        # A POST that names another site as its origin is refused before anything else. Our own
        # pages send "null" (their Referrer-Policy is no-referrer), so that value proves nothing
        # either way: the CSRF token and the SameSite=Strict cookie are what keep other sites out.
        origin = request.headers.get("origin")
        if origin and origin != "null" and origin.rstrip("/") != str(request.base_url).rstrip("/"):
            raise HTTPException(403, f"a form from another site ({origin}) cannot post here")

    def require_session(request: Request, form: dict[str, list[str]]) -> Session:
        """The signed-in session that posted this form with its own CSRF token, or 403/401."""
        if not auth.enabled:
            raise HTTPException(403, "curation is disabled: start the server with --token (or PARLEY_TOKEN)")
        same_origin(request)
        session = session_of(request)
        if session is None:
            raise HTTPException(401, "sign in first (at /signin): the session is missing or has expired")
        if not auth.check_csrf(session, first(form, "csrf")):
            raise HTTPException(
                403, "the form's CSRF token is missing or wrong; reload the page and try again"
            )
        return session

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

    def event_view(request: Request, event_id: str, status: int = 200, problem: str = "") -> HTMLResponse:
        data = queries.event_detail(rec, event_id, with_text=True)
        context: dict[str, Any] = {}
        if session_of(request) is not None:
            merge_q = request.query_params.get("merge_q", "")
            context = {
                "choices": queries.curation_choices(rec, data["event"]),
                "merge_q": merge_q,
                "merge_found": queries.find_events(rec, merge_q, exclude=event_id),
                "merge_suggested": queries.merge_suggestions(rec, event_id),
            }
        return page(
            request,
            "event.html",
            status=status,
            data=data,
            highlight=_event_highlights(data),
            problem=problem,
            **context,
        )

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        return event_view(request, event_id)

    @app.get("/api/events/{event_id}", tags=["events"])
    def event_json(event_id: str) -> dict[str, Any]:
        """An event: each field with its sources, mentions with evidence, status history,
        contradictions and curation."""
        return queries.event_detail(rec, event_id)

    for action in CURATION_ACTIONS:
        _add_curation_route(app, rec, action, require_token)

    @app.post("/events/{event_id}/{action}", include_in_schema=False)
    async def curate_form(request: Request, event_id: str, action: str) -> Response:
        """A curation form on the event page (or the review queue): the action, then back."""
        if not auth.enabled:
            raise HTTPException(403, "curation is disabled: start the server with --token (or PARLEY_TOKEN)")
        form = await read_form(request)
        session = require_session(request, form)
        if action not in CURATION_ACTIONS:
            raise NotFound(f"no curation action {action!r}; one of {', '.join(CURATION_ACTIONS)}")
        try:
            result = queries.curate(
                rec, action, event_id, form_body(action, form), who=session.label, from_form=True
            )
        except queries.Invalid as err:
            return event_view(request, event_id, status=422, problem=str(err))
        target = safe_next(first(form, "next")) or f"/events/{render.quoted(result['event_id'])}"
        return RedirectResponse(target, status_code=303)

    # -- signing in and out -------------------------------------------------------------------------

    def signin_view(request: Request, status: int = 200, problem: str = "") -> HTMLResponse:
        cookie = request.cookies.get(SIGNIN_COOKIE)
        csrf = auth.signin_csrf(cookie)
        fresh = None
        if csrf is None and auth.enabled:
            fresh = auth.signin_cookie()
            csrf = auth.signin_csrf(fresh)
        response = page(
            request,
            "signin.html",
            status=status,
            signin_csrf=csrf,
            next=safe_next(request.query_params.get("next", "")) or "",
            problem=problem,
        )
        if fresh is not None:
            set_cookie(request, response, SIGNIN_COOKIE, fresh, max_age=3600)
        return response

    @app.get("/signin", response_class=HTMLResponse, include_in_schema=False)
    def signin_page(request: Request) -> HTMLResponse:
        return signin_view(request)

    @app.get("/api/session", tags=["curation"])
    def session_json(request: Request) -> dict[str, Any]:
        """Whether curation is on, and who this browser is signed in as (its session cookie)."""
        session = session_of(request)
        return {
            "curation": auth.enabled,
            "signed_in": session is not None,
            "label": session.label if session else None,
            "expires": int(session.expires) if session else None,
        }

    @app.post("/signin", include_in_schema=False)
    async def signin(request: Request) -> Response:
        form = await read_form(request)
        if not auth.enabled:
            raise HTTPException(403, "curation is disabled: start the server with --token (or PARLEY_TOKEN)")
        same_origin(request)
        expected = auth.signin_csrf(request.cookies.get(SIGNIN_COOKIE))
        if expected is None or not auth.check_signin_csrf(expected, first(form, "csrf")):
            raise HTTPException(403, "the sign-in form's CSRF token is missing or wrong; reload /signin")
        label = auth.identify(first(form, "token").strip())
        if label is None:
            host = request.client.host if request.client else "?"
            log.warning("a sign-in with a wrong token from %s", host)
            return signin_view(request, status=401, problem="That token is not one this server accepts.")
        response = RedirectResponse(safe_next(first(form, "next")) or "/review", status_code=303)
        set_cookie(request, response, SESSION_COOKIE, auth.issue(label), max_age=SESSION_SECONDS)
        response.delete_cookie(SIGNIN_COOKIE, path="/")
        return response

    @app.post("/signout", include_in_schema=False)
    async def signout(request: Request) -> Response:
        form = await read_form(request)
        session = require_session(request, form)
        auth.revoke(session)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
        return response

    # -- the review queue and the curation log ----------------------------------------------------

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(request: Request) -> HTMLResponse:
        data = queries.review_queue(rec, offset=_int(request, "offset", 0))
        return page(request, "review.html", data=data)

    @app.get("/api/review", tags=["curation"])
    def review_json(
        limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE_SIZE)] = queries.PAGE_SIZE, offset: Offset = 0
    ) -> dict[str, Any]:
        """Events still to review (not confirmed, rejected or merged), those a look would change
        most first, each with its priority and the reasons for it; ``left`` counts them all."""
        return queries.review_queue(rec, limit=limit, offset=offset)

    @app.get("/log", response_class=HTMLResponse, include_in_schema=False)
    def log_page(request: Request, who: str | None = None, offset: Offset = 0) -> HTMLResponse:
        return page(request, "log.html", data=queries.curation_log(rec, who=who, offset=offset))

    @app.get("/api/log", tags=["curation"])
    def log_json(who: str | None = None, offset: Offset = 0) -> dict[str, Any]:
        """Every curation action, newest first: action, event, who (the token's label), when, note."""
        return queries.curation_log(rec, who=who, offset=offset)

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


def first(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name)
    return values[0] if values else ""


def safe_next(target: str) -> str | None:
    """A path on this site to go back to after a form, or None (never another site: no open redirect)."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target and "\n" not in target:
        return target
    return None


def form_body(action: str, form: dict[str, list[str]]) -> dict[str, Any]:
    """A curation form's fields as the body the JSON API takes for the same action.

    A correction's value comes as ``value`` (a select or a text box) or, for the parties, as
    several ``parties`` values; an empty value clears a date, place or mediator (null).
    """
    body: dict[str, Any] = {"note": first(form, "note").strip()}
    if action == "reject" and not body["note"]:
        raise Invalid("say why the event is rejected: the note is needed")
    if action == "correct":
        field = first(form, "field")
        body["field"] = field
        if field == "parties":
            body["value"] = [v for v in form.get("parties", []) if v]
        else:
            value = first(form, "value").strip()
            body["value"] = value if value or field in ("type", "status") else None
    elif action == "merge":
        body["other"] = first(form, "other").strip()
    elif action == "split":
        body["report_id"] = first(form, "report_id").strip()
    return body


def set_cookie(request: Request, response: Response, name: str, value: str, *, max_age: int) -> None:
    """A cookie scripts cannot read, sent only to this site's own requests (and only over HTTPS
    when the page came over HTTPS)."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


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
        who = require_token(request)
        body: Any = {}
        raw = await request.body()
        if raw.strip():
            try:
                body = await request.json()
            except ValueError as err:
                raise Invalid(f"the request body must be JSON: {err}") from err
        if not isinstance(body, dict):
            raise Invalid("the request body must be a JSON object")
        return queries.curate(rec, action, event_id, body, who=who)

    endpoint.__name__ = f"curate_{action}"
    endpoint.__doc__ = {
        "confirm": 'Mark an event as confirmed by an analyst. Body: {"note": "..."} (optional).',
        "correct": 'Correct a field: {"field": "status", "value": "held", "note": "..."}.',
        "reject": "Reject an event: it leaves every list; its page says so.",
        "merge": 'Merge another event into this one: {"other": "<event id>"}.',
        "split": 'Split a mention off into an event of its own: {"report_id": "<report id>"}.',
    }[action]
    app.post(f"/api/events/{{event_id}}/{action}", tags=["curation"])(endpoint)
