"""A real local SMTP server (aiosmtpd) for tests: collects every message it accepts."""

from __future__ import annotations

import email
import socket
import threading
from collections import Counter
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self.on_data = None  # callable(Message) -> str | None (an SMTP reply to send instead)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        msg = email.message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append(msg)
        if self.on_data is not None:
            reply = self.on_data(msg)
            if reply:
                with self.lock:
                    if not reply.startswith("2"):
                        self.messages.remove(msg)
                return reply
        return "250 Message accepted for delivery"

    def ids(self) -> Counter:
        with self.lock:
            return Counter(m["Message-ID"] for m in self.messages)

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    def __init__(self) -> None:
        self.sink = Sink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
