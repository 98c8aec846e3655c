"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the sender's
tests and `make bench`.

It can refuse chosen recipients (550 at RCPT TO) and drop the connection on chosen ones
(mid-DATA, before accepting), so the tests see what a real server does to the sender.

`python -m tests.nudges.sink` runs one in its own process: it prints its port, counts
messages until SIGTERM, then prints how many it received.
"""

from __future__ import annotations

import email
import logging
import signal
import socket
import threading
import time
from dataclasses import dataclass
from email.message import Message
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

# aiosmtpd logs every command it reads at INFO; the tests look at what arrived instead.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Received:
    message: Message
    recipients: tuple[str, ...]
    at: float  # time.monotonic() when the server accepted it

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"]).strip()  # a long one may be folded


class Sink:
    """An SMTP server in a thread of this process. Use it as a context manager."""

    def __init__(self, *, keep: bool = True) -> None:
        self.port = free_port()
        self.keep = keep
        self.refuse: set[str] = set()
        self.drop: set[str] = set()
        self.count = 0
        self._received: list[Received] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> Sink:
        self._controller.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._controller.stop()

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def message_ids(self) -> list[str]:
        return [r.message_id for r in self.received]

    def settings(self) -> dict[str, Any]:
        """Django settings that send through this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }

    def environment(self) -> dict[str, str]:
        """The same, as the environment variables arcwise.settings reads."""
        return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port), "EMAIL_USE_TLS": "false"}

    # aiosmtpd handler hooks
    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.drop & set(envelope.rcpt_tos):
            assert server.transport is not None
            server.transport.close()
            return "421 4.4.2 Connection dropped on purpose"
        content = envelope.content
        assert isinstance(content, bytes)
        with self._lock:
            self.count += 1
            if self.keep:
                self._received.append(
                    Received(
                        message=email.message_from_bytes(content),
                        recipients=tuple(envelope.rcpt_tos),
                        at=time.monotonic(),
                    )
                )
        return "250 2.0.0 Accepted"


def main() -> None:
    finished = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: finished.set())
    with Sink(keep=False) as sink:
        print(sink.port, flush=True)
        finished.wait()
    print(sink.count, flush=True)


if __name__ == "__main__":
    main()
