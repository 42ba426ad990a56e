"""The docs are checked: every command and every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command

from parley.cli.main import app
from parley.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    return sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"`parley {name}\b", README), f"README does not document `parley {name}`"


@pytest.mark.parametrize("name", command_names())
def test_every_command_help_has_an_example(name):
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert "Example: parley" in (command.help or ""), f"`parley {name} --help` has no example"


@pytest.mark.parametrize("setting", [s.name for s in SETTINGS])
def test_every_setting_is_in_the_readme(setting):
    assert re.search(rf"^\| `{setting}` \|", README, re.M), f"README does not document the setting {setting}"


def test_readme_links_point_at_files():
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), f"README links to missing {target}"


def web_routes() -> list[str]:
    from fastapi.routing import APIRoute

    from parley.web.app import create_app

    app = create_app(":memory:")
    return sorted({r.path for r in app.routes if isinstance(r, APIRoute)} - {"/api/{rest:path}"})


@pytest.mark.parametrize("path", web_routes())
def test_every_web_route_is_in_the_web_docs(path):
    docs = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    shape = re.sub(r"\{[^}]+\}", "{}", path)
    documented = {re.sub(r"\{[^}]+\}", "{}", p) for p in re.findall(r"`(?:POST |GET )?(/[^`?\s]*)", docs)}
    assert shape in documented, f"docs/web.md does not document the route {path}"


EXTRACTION = (ROOT / "docs" / "extraction.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["events", "timeline", "export"])
def test_min_confidence_is_an_option_of_every_command_that_lists_events_and_is_documented(name):
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert any("--min-confidence" in p.opts for p in command.params), f"`parley {name}` lacks it"
    assert "--min-confidence" in README and "--min-confidence" in EXTRACTION
    for doc in ("record.md", "web.md", "exports.md"):
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        assert "min_confidence" in text or "--min-confidence" in text, f"docs/{doc} does not mention it"


def test_the_confidence_training_and_the_reliability_plot_are_documented():
    assert "python -m parley.confidence.train" in EXTRACTION
    assert "--plot" in EXTRACTION and "10 equal-width bins" in EXTRACTION
    images = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", EXTRACTION)
    assert images, "docs/extraction.md shows no reliability plot"
    for image in images:
        data = (ROOT / "docs" / image).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", f"docs/{image} is not a PNG"
