"""Production: everything secret or environment-specific comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import PROJECT_DIR, database_from_env


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Omgevingsvariabele {name} ontbreekt.")
    return value


def _whole_number(name: str, default: str) -> int:
    value = os.environ.get(name, "").strip() or default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Omgevingsvariabele {name}: verwacht een geheel getal, niet {value!r}."
        ) from None


DEBUG = False
SECRET_KEY = _required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]

# Plain HTTP without the TLS proxy, for a smoke test of the production layout on this machine
# (tests/test_deploy.py): no redirect to https and cookies without the Secure flag. Refused
# unless every allowed host is a loopback address, so it cannot serve a real network.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
PLAIN_HTTP = os.environ.get("KETENZICHT_PLAIN_HTTP", "") == "1"
if PLAIN_HTTP and not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
    raise ImproperlyConfigured(
        "KETENZICHT_PLAIN_HTTP=1 mag alleen met DJANGO_ALLOWED_HOSTS op deze machine "
        "(127.0.0.1, localhost of ::1), niet met "
        + ", ".join(h for h in ALLOWED_HOSTS if h not in LOOPBACK_HOSTS)
        + "."
    )
SCHEME = "http" if PLAIN_HTTP else "https"
CSRF_TRUSTED_ORIGINS = [f"{SCHEME}://{h}" for h in ALLOWED_HOSTS]
DATABASES = {"default": database_from_env(default=_required("DATABASE_URL"))}

KETENZICHT_BSN_KEYS = [k.strip() for k in _required("KETENZICHT_BSN_KEYS").split(",") if k.strip()]
KETENZICHT_HASH_KEY = _required("KETENZICHT_HASH_KEY")

# The TLS proxy in front of Ketenzicht: its address(es), comma-separated, and how many proxies
# stand in front (default 1). Checked at start-up (`check --deploy`, ketenzicht.checks).
KETENZICHT_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("KETENZICHT_TRUSTED_PROXIES", "").split(",") if p.strip()
]
KETENZICHT_PROXY_COUNT = _whole_number("KETENZICHT_PROXY_COUNT", "1")
KETENZICHT_PROXY_HEADER = os.environ.get("KETENZICHT_PROXY_HEADER", "HTTP_X_FORWARDED_FOR")

SECURE_SSL_REDIRECT = not PLAIN_HTTP
# The health probes (ketenzicht.health) answer over plain HTTP too: a load balancer or the proxy
# often probes the app server directly, and a redirect to https would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/"]
# The TLS proxy must set (overwrite, never pass on) this header: docs/deploy.md.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = not PLAIN_HTTP
CSRF_COOKIE_SECURE = not PLAIN_HTTP
SESSION_COOKIE_HTTPONLY = True
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(PROJECT_DIR / "staticfiles"))
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
# Pages name static files by their hashed name only ({% static %} with the manifest): keeping
# just those halves the files collectstatic compresses and WhiteNoise serves (with a cache of
# ten years, since the name changes with the content).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
