"""Where encryption keys come from: the environment or a key file, never the database."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from arcwise.env import ConfigurationError
from arcwise.privacy.keys import encryption_keys, key_problem, new_key


def test_listed_keys_are_used_newest_first() -> None:
    newer, older = new_key(), new_key()
    environ = {"ARCWISE_ENCRYPTION_KEYS": f" {newer} , {older} "}
    assert encryption_keys(environ, debug=False, var_dir=Path("/nonexistent")) == [newer, older]


def test_a_key_file_is_read_skipping_comments_and_blank_lines(tmp_path: Path) -> None:
    newer, older = new_key(), new_key()
    path = tmp_path / "keys"
    path.write_text(f"# rotated in December\n{newer}\n\n{older}\n")
    environ = {"ARCWISE_ENCRYPTION_KEY_FILE": str(path)}
    assert encryption_keys(environ, debug=False, var_dir=tmp_path) == [newer, older]


def test_a_missing_key_file_stops_start_up_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.key"
    with pytest.raises(ConfigurationError, match=r"nowhere\.key cannot be read"):
        encryption_keys({"ARCWISE_ENCRYPTION_KEY_FILE": str(missing)}, debug=True, var_dir=tmp_path)


@pytest.mark.parametrize(
    ("key", "why"),
    [("c2hvcnQ=", "decodes to 5 bytes"), ("not base64 at all!", "is not URL-safe base64")],
)
def test_a_malformed_key_is_refused_without_repeating_it(key: str, why: str) -> None:
    environ = {"ARCWISE_ENCRYPTION_KEYS": f"{new_key()},{key}"}
    with pytest.raises(ConfigurationError) as refused:
        encryption_keys(environ, debug=True, var_dir=Path("/nonexistent"))
    assert f"Key 2 in ARCWISE_ENCRYPTION_KEYS {why}" in str(refused.value)
    assert key not in str(refused.value)


def test_production_without_a_key_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"python -m arcwise\.privacy\.keys"):
        encryption_keys({}, debug=False, var_dir=tmp_path)
    assert not (tmp_path / "encryption.key").exists()


def test_development_makes_one_private_key_file_once_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = encryption_keys({}, debug=True, var_dir=tmp_path)
    said = capsys.readouterr().err
    second = encryption_keys({}, debug=True, var_dir=tmp_path)

    path = tmp_path / "encryption.key"
    assert first == second
    assert len(first) == 1
    assert key_problem(first[0]) is None
    assert str(path) in said
    assert capsys.readouterr().err == ""  # said once, when made
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
