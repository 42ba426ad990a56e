"""The web app and JSON API over the record: ``create_app`` builds it; ``parley serve`` runs it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(store_path: str, *, pack: str = "armenia_azerbaijan", token: str = "") -> FastAPI:
    """The web app over the store at ``store_path`` (imported lazily: FastAPI is slow to import)."""
    from parley.web.app import create_app as build

    return build(store_path, pack=pack, token=token)


__all__ = ["create_app"]
