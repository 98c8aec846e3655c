"""`make run PORT=…`: the address served is the address written into every e-mailed link.

The server, the outbox's sender and the demo loader are separate processes; links in
reminders, portal e-mails and the demo's printed portal link come from SITE_URL, so `make
run` hands each of them the SITE_URL of the host and port it serves on. A stand-in `python`
records what each command was given, so these tests run `make` itself and serve nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from arcwise.nudges.models import Nudge

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fake_venv(tmp_path: Path) -> Path:
    """A virtualenv folder whose `python` logs "SITE_URL=… <arguments>" to calls.log.

    It lingers a moment after logging: `make run` stops the server when the sender ends, and
    the server must have had its moment to log first.
    """
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(
        f'#!/bin/sh\necho "SITE_URL=${{SITE_URL-unset}} $*" >> {tmp_path}/calls.log\nsleep 0.5\n'
    )
    python.chmod(0o755)
    (venv / ".installed").touch()  # newer than pyproject.toml: nothing to install
    return venv


def make_run(venv: Path, *args: str, **env: str) -> list[str]:
    # make runs this suite (`make test`), so it is here; its absence is a failure, not a skip.
    assert shutil.which("make") is not None, "make is not installed"
    environ = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    environ.update(env)
    result = subprocess.run(  # noqa: S603 (make with fixed arguments)
        ["make", "--no-print-directory", "run", f"VENV={venv}", *args],  # noqa: S607
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    calls = (venv.parent / "calls.log").read_text().splitlines()
    commands = {call.split(" manage.py ")[1].split()[0] for call in calls}
    assert commands == {"migrate", "load_demo", "run_nudges", "runserver"}, calls
    return calls


def test_every_command_of_make_run_writes_links_to_the_port_it_serves_on(
    fake_venv: Path,
) -> None:
    calls = make_run(fake_venv, "PORT=8010")

    assert all(call.startswith("SITE_URL=http://127.0.0.1:8010 ") for call in calls), calls
    assert any("runserver 127.0.0.1:8010" in call for call in calls), calls


def test_serving_on_every_address_writes_links_a_browser_here_can_open(fake_venv: Path) -> None:
    calls = make_run(fake_venv, "HOST=0.0.0.0", "PORT=8011")

    assert all(call.startswith("SITE_URL=http://127.0.0.1:8011 ") for call in calls), calls


def test_a_site_url_set_by_hand_still_wins(fake_venv: Path) -> None:
    calls = make_run(fake_venv, "PORT=8012", SITE_URL="https://coaching.example.org")

    assert all(call.startswith("SITE_URL=https://coaching.example.org ") for call in calls), calls


@pytest.mark.django_db
def test_the_demo_portal_link_is_written_with_the_site_address_every_e_mail_uses(
    settings: Any,
) -> None:
    settings.DEBUG = True  # as `make run` has it; the test runner turns it off
    # As behind a proxy: served on 8010 here, reached by people at SITE_URL.
    settings.SITE_URL = "https://coaching.example.org"
    out = StringIO()

    call_command("load_demo", "--port", "8010", stdout=out)

    printed = re.search(r"e-mailed opens it.*\n  (\S+)\n", out.getvalue())
    assert printed, out.getvalue()
    assert printed.group(1).startswith("https://coaching.example.org/portal/")
    # Bodies are encrypted in the table: read them all, then look.
    bodies = Nudge.objects.values_list("body", flat=True)
    mailed = [body for body in bodies if "/portal/" in body]
    assert mailed
    assert all("https://coaching.example.org/portal/" in body for body in mailed)
