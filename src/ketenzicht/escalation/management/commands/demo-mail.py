"""`ketenzicht demo-mail`: a local SMTP server (aiosmtpd) with a web inbox, for `make demo`.

The outbox worker sends urgent reports to it (EMAIL_HOST/EMAIL_PORT, default localhost:8025);
the inbox shows every received message at http://localhost:8026/ with its acknowledgement link.
Messages live in memory only: this is a demo tool, never a mail server for real use.
"""

from __future__ import annotations

import email
import html
import re
import threading
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from django.core.management.base import BaseCommand

MESSAGES: list[email.message.EmailMessage] = []
LOCK = threading.Lock()


class Handler:
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        with LOCK:
            MESSAGES.append(msg)
        return "250 Message accepted for delivery"


PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<title>Demo-inbox — Ketenzicht</title>
<style>body{{font-family:sans-serif;margin:2rem;max-width:60rem}}
article{{border:1px solid #ccc;padding:1rem;margin:1rem 0}}pre{{white-space:pre-wrap}}
.ex{{color:#8a4b00;font-weight:bold}}</style></head><body>
<h1>Demo-inbox (lokale SMTP-server)</h1>
<p>{count} bericht(en) ontvangen, nieuwste eerst. Zelfde Message-ID twee keer ontvangen:
dat is een herhaalde bezorging na een onderbroken verzending (zie docs/decisions/0005).</p>
{items}</body></html>"""


def _linkify(text: str) -> str:
    return re.sub(r"(https?://\S+)", r'<a href="\1">\1</a>', text)


class Inbox(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's API)
        with LOCK:
            msgs = list(reversed(MESSAGES))
        items = []
        for m in msgs:
            body = m.get_body(preferencelist=("plain",))
            text = body.get_content() if body else ""
            subject = html.escape(m["Subject"] or "")
            cls = ' class="ex"' if "OEFENING" in subject else ""
            items.append(
                f"<article><h2{cls}>{subject}</h2><p>Aan: {html.escape(m['To'] or '')}<br>"
                f"Message-ID: {html.escape(m['Message-ID'] or '')}</p>"
                f"<pre>{_linkify(html.escape(text))}</pre></article>"
            )
        page = PAGE.format(count=len(msgs), items="".join(items) or "<p>Nog niets ontvangen.</p>")
        data = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Command(BaseCommand):
    help = "Lokale SMTP-server met webinbox voor de demo (niet voor echt gebruik)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--smtp-port", type=int, default=8025)
        parser.add_argument("--http-port", type=int, default=8026)

    def handle(self, *args, host, smtp_port, http_port, **options):
        controller = Controller(Handler(), hostname=host, port=smtp_port)
        controller.start()
        server = ThreadingHTTPServer((host, http_port), Inbox)
        self.stdout.write(
            f"Demo-SMTP-server op {host}:{smtp_port}; inbox op http://{host}:{http_port}/"
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
            controller.stop()
