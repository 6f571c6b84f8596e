"""Gunicorn's configuration for Ketenzicht's web process (Procfile: `web`; docs/deploy.md).

Read from the environment:
- KETENZICHT_BIND: address(es) to listen on, comma-separated (default 127.0.0.1:8000: the TLS
  proxy on the same machine; in a container 0.0.0.0:8000).
- KETENZICHT_WORKERS: number of worker processes (default 2 x cores + 1).
- KETENZICHT_TIMEOUT: seconds before a busy worker is restarted (default 120: a council report
  PDF of a large region takes a while).

The access log holds no personal data: method, path, status, size and duration only. Never the
query string (the search page's ?q= holds a BSN or a name), the referrer (a URL with such a query
string) or the user agent. Paths hold the external ids of youths and measures (Y-…, M-…), never a
BSN or a name; keep it that way when adding URLs (docs/deploy.md, "Logs").
"""

import multiprocessing
import os

wsgi_app = "ketenzicht.wsgi:application"
bind = [
    b.strip() for b in os.environ.get("KETENZICHT_BIND", "127.0.0.1:8000").split(",") if b.strip()
]
workers = int(
    os.environ.get("KETENZICHT_WORKERS", "").strip() or 2 * multiprocessing.cpu_count() + 1
)
timeout = int(os.environ.get("KETENZICHT_TIMEOUT", "").strip() or "120")
graceful_timeout = 30

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
# Not gunicorn's default control socket in the home folder: two instances on one machine would
# share it, and nothing here uses it.
control_socket_disable = True
