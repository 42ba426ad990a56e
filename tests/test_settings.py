from __future__ import annotations

import pytest

from parley.errors import ConfigError
from parley.settings import SETTINGS, Settings, load_settings


def test_defaults_then_file_then_environment_then_flags(tmp_path):
    config = tmp_path / "parley.toml"
    config.write_text('[parley]\nport = 9000\nworkers = 3\ndb = "from-file.db"\n')
    env = {"PARLEY_PORT": "9100", "PARLEY_DB": "from-env.db"}
    settings = load_settings(config, env=env, db="from-flag.db")
    assert settings.workers == 3
    assert settings.port == 9100
    assert settings.db == "from-flag.db"
    assert settings.host == "127.0.0.1"


def test_unknown_key_in_file_is_named(tmp_path):
    config = tmp_path / "parley.toml"
    config.write_text("colour = 'red'\n")
    with pytest.raises(ConfigError, match="colour"):
        load_settings(config, env={})


def test_bad_type_names_the_setting_and_origin():
    with pytest.raises(ConfigError, match="PARLEY_PORT.*port"):
        load_settings(env={"PARLEY_PORT": "eighty"})


def test_every_setting_is_declared_once_with_help():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(s.help for s in SETTINGS)
    assert set(names) == set(Settings.__dataclass_fields__)


def test_default_store_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert load_settings(env={}).db == str(tmp_path / "parley" / "parley.db")


WORDS = [("0", False), ("false", False), ("off", False), ("1", True), ("True", True), ("yes", True)]


@pytest.mark.parametrize(("raw", "on"), WORDS)
def test_the_speedups_switch_reads_the_usual_words_for_on_and_off(raw, on):
    assert Settings().speedups is True
    assert load_settings(env={"PARLEY_SPEEDUPS": raw}).speedups is on


def test_the_speedups_switch_from_a_file_and_a_bad_value(tmp_path):
    path = tmp_path / "parley.toml"
    path.write_text("speedups = false\n")
    assert load_settings(config=path, env={}).speedups is False
    with pytest.raises(ConfigError, match="PARLEY_SPEEDUPS.*'speedups' must be 1 or 0"):
        load_settings(env={"PARLEY_SPEEDUPS": "2"})


@pytest.mark.parametrize(
    ("value", "tokens"),
    [
        ("", {}),
        ("s3cret", {"analyst": "s3cret"}),
        ("ana:s3cret", {"ana": "s3cret"}),
        ("ana:s3cret, ben.k@desk:0ther", {"ana": "s3cret", "ben.k@desk": "0ther"}),
        ("ana:a:b", {"ana": "a:b"}),  # the secret is everything after the first colon
        (" ana:x ,, ", {"ana": "x"}),
    ],
)
def test_tokens_are_label_secret_pairs_or_one_bare_secret(value, tokens):
    assert Settings(token=value).tokens == tokens


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("ana:", "no secret"),
        ("a b:x", "label 'a b'"),
        ("ana:x,ana:y", "given twice"),
        ("ana:x,ben:x", "share one secret"),
        ("s1,s2", "given twice"),  # two bare secrets would both be 'analyst'
    ],
)
def test_a_malformed_token_list_fails_at_start_up_naming_the_problem(value, problem):
    with pytest.raises(ConfigError, match=problem):
        load_settings(env={"PARLEY_TOKEN": value})
