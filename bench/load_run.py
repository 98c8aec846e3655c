"""The load run: gunicorn (two workers, the repository's gunicorn.conf.py, DEBUG off) on a
free loopback port over the seeded database, and locust (bench/locustfile.py) driving 50
coaches at it for a minute, each in a process of its own. Returns p50 and p95 per page and
the error count, read from locust's CSV statistics.
"""

from __future__ import annotations

import csv
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def stats(csv_prefix: str) -> dict[str, Any]:
    """p50 and p95 (ms), requests and failures per request name, and the totals."""
    pages: dict[str, dict[str, float]] = {}
    total: dict[str, float] = {}
    with open(f"{csv_prefix}_stats.csv", newline="") as table:
        for row in csv.DictReader(table):
            numbers = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "per_second": float(row["Requests/s"] or 0),
            }
            if row["Name"] == "Aggregated":
                total = numbers
            else:
                pages[row["Name"]] = numbers
    errors = 0
    failures_file = Path(f"{csv_prefix}_failures.csv")
    if failures_file.exists():
        with failures_file.open(newline="") as table:
            errors = sum(int(row["Occurrences"]) for row in csv.DictReader(table))
    return {"pages": pages, "total": total, "errors": int(total.get("failures", 0)) or errors}


def load_run(
    database_url: str, data_file: Path, users: int = 50, seconds: int = 60
) -> dict[str, Any]:
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.served_settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "BENCH_LOCUST_DATA": str(data_file),
        "PYTHONPATH": str(ROOT),
    }
    folder = Path(tempfile.mkdtemp(prefix="arcwise-load-"))
    with (folder / "gunicorn.log").open("wb") as log:
        server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, arguments of our own
            [
                *(BIN / "gunicorn", "-c", "gunicorn.conf.py", "--workers", "2"),
                *("--bind", f"127.0.0.1:{port}", "--access-logfile", os.devnull, "arcwise.wsgi"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(f"{host}/sign-in/", server)
            prefix = str(folder / "locust")
            began = time.perf_counter()
            subprocess.run(  # noqa: S603 - the venv's locust, arguments of our own
                [
                    *(BIN / "locust", "-f", "bench/locustfile.py", "--headless"),
                    *("-u", str(users), "-r", "10", "-t", f"{seconds}s", "--host", host),
                    *("--csv", prefix, "--only-summary", "--loglevel", "WARNING"),
                ],
                cwd=ROOT,
                env=env,
                check=False,  # locust exits 1 when any request failed: the CSV says which
                stdout=subprocess.DEVNULL,
            )
            took = time.perf_counter() - began
        finally:
            stop(server)
    found = stats(prefix)
    found.update(users=users, seconds=seconds, wall_seconds=round(took, 1), log=str(folder))
    return found
