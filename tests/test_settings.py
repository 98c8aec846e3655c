"""Production mode: start-up guards and a clean `check --deploy`, run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x7Qp9" * 12,
    "ALLOWED_HOSTS": "coaching.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "ARCWISE_ENCRYPTION_KEYS": "c2V0dGluZ3MtdGVzdC1rZXktb2YtMzItYnl0ZXMtISE=",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests in this process; a deployment
    # would not have it.
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"} or key in env
    }
    environ.update(env)
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_without_warnings_in_production_mode() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    env = {key: value for key, value in PRODUCTION.items() if key != "ALLOWED_HOSTS"}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_refuses_to_start_without_an_encryption_key() -> None:
    env = {key: value for key, value in PRODUCTION.items() if key != "ARCWISE_ENCRYPTION_KEYS"}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "No encryption key is set" in result.stderr
    assert "python -m arcwise.privacy.keys" in result.stderr


def test_a_malformed_encryption_key_stops_start_up_without_showing_it() -> None:
    key = "not-a-fernet-key-but-a-secret-all-the-same"
    result = manage("check", **{**PRODUCTION, "ARCWISE_ENCRYPTION_KEYS": f"{key}"})

    assert result.returncode != 0
    assert "Key 1 in ARCWISE_ENCRYPTION_KEYS" in result.stderr
    assert key not in result.stderr


def test_a_malformed_debug_value_stops_start_up() -> None:
    result = manage("check", DEBUG="yes please")

    assert result.returncode != 0
    assert "DEBUG='yes please' is not a yes/no value" in result.stderr
