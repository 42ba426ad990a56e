"""``parley serve``: the web app and JSON API over the store."""

from __future__ import annotations

from typing import Annotated

import typer

from parley.cli.common import err, fail, state


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None, typer.Option(help="Address to bind (default 127.0.0.1: this machine only).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default 8000).")] = None,
    token: Annotated[
        str | None,
        typer.Option(
            help="Tokens that unlock curation (env PARLEY_TOKEN): label:secret pairs separated by "
            "commas, or one bare secret; without one the app is read-only."
        ),
    ] = None,
) -> None:
    """Serve the record in a browser, with a JSON API (OpenAPI at /api/openapi.json).

    Example: parley --db build/demo.db serve --port 8000 --token "$(openssl rand -hex 16)"
    """
    from dataclasses import replace

    import uvicorn

    from parley._speedups import freeze_loaded
    from parley.errors import ParleyError
    from parley.web import create_app

    st = state(ctx)
    # The root callback resolved defaults, the settings file and PARLEY_* variables; flags win.
    settings = replace(
        st.settings,
        host=host or st.settings.host,
        port=port if port is not None else st.settings.port,
        token=token if token is not None else st.settings.token,
    )
    if not 0 < settings.port < 65536:
        raise fail(f"--port must be between 1 and 65535, got {settings.port}", 2)
    try:
        web = create_app(settings.db, pack=settings.pack, token=settings.token)
    except ParleyError as error:
        raise fail(str(error)) from error
    if not st.quiet:
        mode = "curation enabled" if settings.token else "read-only"
        err.print(f"serving {settings.db} at http://{settings.host}:{settings.port}/ ({mode}); Ctrl+C stops")
    # What is loaded by now (the pack, the app, the store's caches) lives as long as the
    # server: kept out of the cyclic collector's full passes, which otherwise stall a
    # request every so often by some 60 ms on a large record.
    freeze_loaded(settings.speedups)
    uvicorn.run(
        web,
        host=settings.host,
        port=settings.port,
        log_level="warning" if st.quiet else "info",
        access_log=not st.quiet,
        server_header=False,
        # A pooled client reuses an idle connection; closing it after uvicorn's default 5 s
        # races the client's next request on a busy server (the request is lost with the
        # connection). 75 s outlasts the idle times of browsers, proxies and HTTP pools.
        timeout_keep_alive=75,
    )
