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
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]
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

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(PROJECT_DIR / "staticfiles"))
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
