"""A real store for the web tests: the development articles and a hostile one, ingested,
extracted and fused by the real pipeline, with stances from the real stance finder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.browser import ARGS, CHROMIUM

from parley.ingest import ingest, ingest_text
from parley.model import Document
from parley.pack import load_pack
from parley.pipeline import extract_into
from parley.settings import Settings
from parley.stances import extract_stances
from parley.store import Store
from parley.store import stances as stance_store

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TOKEN = "test-token-5f0c"
# Two labelled tokens, as the `token` setting takes them: the log names who curated.
ANA, BEN = "ana-secret-7d21", "ben-secret-90ce"
LABELLED = f"ana:{ANA},ben:{BEN}"

# An article whose text tries every way of running script in a page. Its event sentence is
# ordinary, so the article has an event page where the hostile text is shown as a source.
HOSTILE = (
    "Talks resume in Brussels\n\n"
    "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev met in Brussels "
    "on 14 May 2023 with European Council President Charles Michel.\n"
    "<script>window.__pwned = 1; alert('script')</script>\n"
    "<img src=x onerror=\"window.__pwned = 2; alert('img')\">\n"
    "<a href=\"javascript:window.__pwned = 3; alert('link')\">Read more</a>\n"
    "The two leaders agreed to meet again in the summer, officials said.\n"
)

# A second report of the same meeting that puts it a day later: sources that disagree on a date.
DISSENT = (
    "Leaders meet under EU auspices\n\n"
    "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev met in Brussels "
    "on 15 May 2023 with European Council President Charles Michel.\n"
)


def build_store(path: Path) -> Path:
    store = Store(path)
    try:
        docs: list[Document] = []
        for item in ingest([SHARED / "eval" / "docs"]):
            if isinstance(item, Document):
                docs.append(item)
        docs.append(ingest_text(HOSTILE, name="hostile", published="2023-05-15", source="Test Wire"))
        docs.append(ingest_text(DISSENT, name="dissent", published="2023-05-16", source="Other Wire"))
        store.add_documents(docs)
        extract_into(store, Settings(db=str(path)))
        pack = load_pack()
        for doc in store.iter_documents():
            stance_store.replace_stances(store, doc.id, extract_stances(doc, pack))
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (SHARED / "eval" / "docs").is_dir():
        pytest.skip("../shared/eval/docs is not present beside the project")
    return build_store(tmp_path_factory.mktemp("web") / "record.db")


@pytest.fixture(scope="session")
def client(store_path: Path) -> Iterator[TestClient]:
    from parley.web import create_app

    with TestClient(create_app(str(store_path)), raise_server_exceptions=False) as c:
        yield c


def private_copy(store_path: Path, folder: Path) -> Path:
    """A copy of the test store that curation may write to."""

    copy = folder / "curated.db"
    src = Store(store_path)
    src.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    src.close()
    shutil.copy(store_path, copy)
    return copy


@pytest.fixture(scope="module")
def curated_db(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the store for one test module's curation through the real server."""
    return private_copy(store_path, tmp_path_factory.mktemp("curated"))


@pytest.fixture(scope="module")
def labelled_server(curated_db: Path) -> Iterator[str]:
    """The real ``parley serve`` over ``curated_db``, curation unlocked by the labelled tokens."""
    from tests.server import serving

    with serving(curated_db, token=LABELLED) as base:
        yield base


@pytest.fixture()
def curation_client(tmp_path: Path, store_path: Path) -> Iterator[TestClient]:
    """A client with curation enabled over a private copy of the store (curation writes)."""
    from parley.web import create_app

    copy = private_copy(store_path, tmp_path)
    with TestClient(create_app(str(copy), token=TOKEN), raise_server_exceptions=False) as c:
        yield c


# -- the real browser (Debian's Chromium through Playwright) ------------------------------------

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (run `make browser`, or apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []  # console errors, page errors and dialogs seen while the test ran
    pg.on(
        "console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))

    def on_dialog(dialog: Any) -> None:
        pg.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
