"""What every command shares: settings, the store, the pack, consoles and progress bars."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from parley.settings import Settings

if TYPE_CHECKING:
    from rich.progress import Progress

    from parley.pack import Pack
    from parley.store import Store

# stdout carries data; stderr carries progress and errors.
out = Console(highlight=False, soft_wrap=True)
# Messages are never wrapped: a path or "file:line" in one must stay whole for the reader and for grep.
err = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclass
class State:
    settings: Settings
    quiet: bool = False
    _store: Any = field(default=None, repr=False)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):
        raise RuntimeError("parley commands must run under the parley app")
    return obj


def open_store(ctx: typer.Context) -> Store:
    """The store named by the settings, opened once per invocation."""
    from parley.store import Store

    st = state(ctx)
    if st._store is None:
        st._store = Store(st.settings.db)
        ctx.find_root().call_on_close(st._store.close)
    store: Store = st._store
    return store


def get_pack(ctx: typer.Context) -> Pack:
    from parley.pack import load_pack

    return load_pack(state(ctx).settings.pack)


@contextmanager
def progress(ctx: typer.Context, description: str, total: int | None = None) -> Iterator[Progress]:
    """A Rich progress bar on stderr; silent with --quiet."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=state(ctx).quiet,
    )
    with bar:
        bar.add_task(description, total=total)
        yield bar


def advance(bar: Progress, n: int = 1) -> None:
    bar.advance(bar.task_ids[0], n)


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)
