"""`parley serve`: its options, its example, and its refusal of a bad port."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from parley.cli.main import app


def test_serve_help_names_its_options_and_an_example() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for word in ("--host", "--port", "--token", "Example: parley"):
        assert word in result.output


def test_serve_binds_loopback_unless_told_otherwise() -> None:
    from parley.settings import load_settings

    assert load_settings(env={}).host == "127.0.0.1"


def test_a_port_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "x.db"), "serve", "--port", "70000"])
    assert result.exit_code == 2
