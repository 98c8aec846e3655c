"""What the live checks share (scripts/production_smoke.py, scripts/two_nodes.py): a fresh
PostgreSQL database, the production environment, gunicorn and the sender as real processes,
an SMTP server that keeps what it receives, a browser of sorts that keeps its own cookies,
and the PASS/FAIL report.

Everything listens on loopback, on ports the system hands out. The browser speaks plain HTTP
to gunicorn as the TLS proxy in front of it would (docs/deployment.md): with the Host the
site is served on, `X-Forwarded-Proto: https` and `X-Forwarded-For`.
"""

from __future__ import annotations

import email
import http.client
import json
import logging
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from live_browser import HOST, ORIGIN

from arcwise.privacy.keys import new_key  # no Django in it: it runs before settings exist

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORTAL_LINK_SUBJECT = "Your link to your coaching journey"  # arcwise/portal/services.py
PORTAL_LINK = re.compile(r"https://" + re.escape(HOST) + r"(/portal/open/[^\s]+)")

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# --- The report ---------------------------------------------------------------------------


class Report:
    """Runs named checks, prints PASS or FAIL for each, and counts the failures."""

    def __init__(self) -> None:
        self.failed: list[str] = []

    def check(self, name: str, run: Callable[[], str | None]) -> None:
        started = time.monotonic()
        try:
            detail = run() or ""
        except Exception as error:  # every failure is reported, then the next check runs
            self.failed.append(name)
            print(f"FAIL  {name}: {error}", flush=True)
            if not isinstance(error, AssertionError):
                traceback.print_exc()
            return
        took = time.monotonic() - started
        print(f"PASS  {name} ({took:.1f} s){': ' + detail if detail else ''}", flush=True)

    def finish(self, started: float) -> int:
        took = time.monotonic() - started
        if self.failed:
            print(f"\n{len(self.failed)} check(s) FAILED in {took:.0f} s: {', '.join(self.failed)}")
            return 1
        print(f"\nAll checks passed in {took:.0f} s.")
        return 0


# --- The database and the environment ----------------------------------------------------


def database_server() -> str:
    """The PostgreSQL server DATABASE_URL names, where a check makes its own database; stops
    with what to do when it is not set, or when Python was asked to skip assertions (the
    checks are assertions)."""
    if not __debug__:
        raise SystemExit("The checks are assertions: run this without python -O.")
    server = os.environ.get("DATABASE_URL", "")
    if not server:
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (see the top of the script).")
    return server


def fresh_database(server_url: str, name: str) -> str:
    """Drop and create database `name` on the server of `server_url` (a DATABASE_URL);
    return the DATABASE_URL of the new one."""
    parts = urlsplit(server_url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"DATABASE_URL must name a PostgreSQL server, not {parts.scheme!r}.")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def production_environment(database_url: str, smtp_port: int) -> dict[str, str]:
    """The environment a production deployment sets (docs/deployment.md), freshly keyed."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ARCWISE_", "EMAIL_", "SECURE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="arcwise.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SITE_URL=ORIGIN,
        ARCWISE_ENCRYPTION_KEYS=new_key(),
        BEHIND_TLS_PROXY="true",
        CLIENT_ADDRESS_HEADER="X-Forwarded-For",
        DATABASE_URL=database_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="false",
        DEFAULT_FROM_EMAIL=f"Arcwise <arcwise@{HOST}>",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return environment


def run_python(environment: Mapping[str, str], *argv: str) -> str:
    """Run this interpreter with `argv` in the repository; its output, or SystemExit with
    everything it said when it fails."""
    done = subprocess.run(  # noqa: S603 (this interpreter, this repository's files)
        [PYTHON, *argv], cwd=ROOT, env=dict(environment), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def manage(environment: Mapping[str, str], *args: str) -> str:
    return run_python(environment, "manage.py", *args)


def setup(environment: Mapping[str, str], *args: str) -> Any:
    """Run scripts/live_setup.py with `args` and read the JSON it prints."""
    return json.loads(run_python(environment, "scripts/live_setup.py", *args).splitlines()[-1])


# --- The processes ------------------------------------------------------------------------


@dataclass
class Processes:
    """The servers and senders one check starts; `stop` ends each, by its own id."""

    environment: dict[str, str]
    logs: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="arcwise-live-")))
    started: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    stopped: set[str] = field(default_factory=set)  # on purpose, by `stop_one`

    def start(self, name: str, *argv: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603
            list(argv), cwd=ROOT, env=self.environment, stdout=log, stderr=subprocess.STDOUT
        )
        self.started.append((name, process))
        return process

    def web(self, name: str, workers: int = 2) -> int:
        """gunicorn as the deployment runs it, on a free port; returns the port once it
        answers. A port taken meanwhile by someone else means another try on another.

        gunicorn itself trusts X-Forwarded-Proto from loopback; told to trust no address, it
        leaves the scheme to Arcwise's BEHIND_TLS_PROXY, as with a proxy on another machine.
        """
        for _ in range(3):
            port = free_port()
            gunicorn = f"-c gunicorn.conf.py arcwise.wsgi -w {workers} -b 127.0.0.1:{port}"
            argv = [PYTHON, "-m", "gunicorn", *gunicorn.split(), "--forwarded-allow-ips="]
            process = self.start(name, *argv)
            if wait_until_answering(port, process):
                return port
        raise SystemExit(f"gunicorn did not start; its log:\n{self.log_of(name)}")

    def sender(self, name: str) -> subprocess.Popen[bytes]:
        return self.start(name, PYTHON, "manage.py", "run_nudges", "--loop")

    def stop_one(self, name: str) -> str:
        """Stop the sender `name` as systemd would (SIGTERM) and return what it says it
        sent when it stops ("sent N, to retry N, failed N")."""
        process = next(p for n, p in self.started if n == name)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        self.stopped.add(name)
        said = re.search(r"Sender stopped: (.*)\.", self.log_of(name))
        return f"{name} {said.group(1) if said else 'said nothing'}"

    def log_of(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        for _name, process in reversed(self.started):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _name, process in self.started:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def all_running(self) -> str | None:
        """The names of started processes that have ended, or None when all still run."""
        ended = [name for name, process in self.started if process.poll() is not None]
        ended = [name for name in ended if name not in self.stopped]
        return ", ".join(ended) or None


def wait_until_answering(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> bool:
    """Poll until gunicorn answers any HTTP request; False if it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/static/", headers={"Host": HOST})
            connection.getresponse().read()
            connection.close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


@contextmanager
def running(environment: dict[str, str]) -> Iterator[Processes]:
    """Processes started inside the block are stopped when it ends, however it ends."""
    processes = Processes(environment)
    try:
        yield processes
    finally:
        processes.stop()


# --- The SMTP server ----------------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    message: Message
    recipients: tuple[str, ...]

    @property
    def message_id(self) -> str:
        return " ".join(str(self.message["Message-ID"]).split())  # a long one may be folded

    @property
    def subject(self) -> str:
        return " ".join(str(self.message["Subject"]).split())

    def text(self) -> str:
        part = self.message.get_payload(decode=True)
        return part.decode(errors="replace") if isinstance(part, bytes) else str(part)


class Sink:
    """An SMTP server on loopback, in a thread of this process, that keeps every message."""

    def __init__(self) -> None:
        self.port = free_port()
        self._received: list[Mail] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> Sink:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()

    @property
    def received(self) -> list[Mail]:
        with self._lock:
            return list(self._received)

    def portal_link_to(self, address: str, timeout: float = 30) -> str:
        """The path of the portal link the coach sent `address`, once it arrives."""
        mail = self.wait_for(
            lambda m: address in m.recipients and m.subject == PORTAL_LINK_SUBJECT, timeout
        )
        found = PORTAL_LINK.search(mail.text())
        assert found, f"no portal link in the e-mail to {address}:\n{mail.text()[:500]}"
        return found.group(1)

    def wait_for(self, accept: Callable[[Mail], bool], timeout: float = 30) -> Mail:
        """The first message `accept` takes, polling until one arrives."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for mail in self.received:
                if accept(mail):
                    return mail
            time.sleep(0.1)
        raise AssertionError(f"no such e-mail arrived within {timeout:.0f} s")

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content
        assert isinstance(content, bytes)
        mail = Mail(email.message_from_bytes(content), tuple(envelope.rcpt_tos))
        with self._lock:
            self._received.append(mail)
        return "250 2.0.0 Accepted"
