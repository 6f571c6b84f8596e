"""Settings shared by every environment. The database always comes from DATABASE_URL."""

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The project folder (repository root) when running from a checkout.
PROJECT_DIR = PACKAGE_DIR.parent.parent

DEFAULT_SQLITE_URL = f"sqlite:///{PROJECT_DIR / 'ketenzicht.sqlite3'}"


def database_from_env(default: str = DEFAULT_SQLITE_URL) -> dict:
    config = dj_database_url.config(default=default, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while an import or the worker writes.
        config.setdefault("OPTIONS", {})["init_command"] = (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        )
        config["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
        config["CONN_MAX_AGE"] = 0
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: PostgreSQL compiles a query whose estimated cost is high (the bulk
        # loader's, the dashboards') anew in every execution, about a second each, more than the
        # query itself takes (docs/performance.md, "PostgreSQL").
        options = config.setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
    return config


INSTALLED_APPS = [
    "ketenzicht.access.adminconfig.KetenzichtAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "oauth2_provider",
    "ketenzicht.reference",
    "ketenzicht.timeline",
    "ketenzicht.access",
    "ketenzicht.interop",
    "ketenzicht.norms",
    "ketenzicht.care",
    "ketenzicht.capacity",
    "ketenzicht.escalation",
    "ketenzicht.chain",
    "ketenzicht.reporting",
    "ketenzicht.demo",
    "ketenzicht.api",
    "ketenzicht.web",
    # Last, so that ketenzicht.web's form widget templates (NL Design System classes) win.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: no-store on every page and download (personal data; docs/security.md).
    "ketenzicht.web.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ketenzicht.access.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # django-axes must be last: it turns lockouts raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "ketenzicht.access.backends.RolePermissionBackend",
]

# Lets templates/django/forms/widgets/attrs.html give every input its NL Design System classes.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "ketenzicht.urls"
WSGI_APPLICATION = "ketenzicht.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Overrides of the admin's templates (/beheer/: NL Design System error summary, icon,
        # script, styles). Here, not in an app: the admin app comes first in INSTALLED_APPS, so
        # its own templates would win over an app's.
        "DIRS": [PACKAGE_DIR / "web" / "admin_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ketenzicht.web.context_processors.navigation",
                "ketenzicht.web.context_processors.peildatum_notice",
            ],
        },
    },
]

DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"
# Session timeout: 30 minutes without activity (the expiry moves on with every request).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Lockout against password guessing (django-axes): 5 failures for one username lock that username
# for 30 minutes, from every address (and so also the username from that address). Never per
# address alone: behind the TLS proxy, or in an office behind one NAT address, that would lock
# every user on the address after five typos by anyone (issue 11; docs/security.md).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_COOLOFF_MESSAGE = (
    "Deze gebruikersnaam is tijdelijk geblokkeerd na te veel onjuiste wachtwoorden. "
    "Probeer het over 30 minuten opnieuw."
)
AXES_VERBOSE = False
# The client's address for the lockout and the access log: one function (ketenzicht.clientip).
AXES_CLIENT_IP_CALLABLE = "ketenzicht.clientip.client_ip"

# Reverse proxies in front of Ketenzicht whose forwarding header is trusted (addresses or
# networks, e.g. ["10.0.0.5"] or ["10.0.0.0/24"]); none in development and tests, where the
# address of the connection is the client's. Production reads them from the environment.
KETENZICHT_TRUSTED_PROXIES: list[str] = []
# How many proxies stand in front of Ketenzicht (the last one's address is the connection's).
KETENZICHT_PROXY_COUNT = 1
# The header the proxies write the client's address in (request.META key).
KETENZICHT_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"

# Two-factor login (django-otp, TOTP) for the roles in access.policy.TWO_FACTOR_ROLES.
OTP_TOTP_ISSUER = "Ketenzicht"
# The functioneel beheerder may remove a lost device, never see a user's TOTP secret or QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Content Security Policy (django-csp): nothing but our own files; the NL Design System CSS uses
# data: images for checkboxes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

LANGUAGE_CODE = "nl"
# Dutch for strings that Django and the libraries have no Dutch for yet (locale/nl/).
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Development and tests serve static files straight from the apps (WhiteNoise with finders);
# production collects them into STATIC_ROOT (settings.production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The CSRF failure page in Dutch, like the other error pages.
CSRF_FAILURE_VIEW = "ketenzicht.web.errors.csrf_failure"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Keys for BSN encryption, BSN hashes and access-log pseudonyms (see ketenzicht.crypto).
# These development keys are public; production reads its own from the environment.
KETENZICHT_BSN_KEYS = ["ZGV2LW9ubHktYnNuLWtleS1kby1ub3QtdXNlLTAwMDA="]
KETENZICHT_HASH_KEY = "dev-only-hash-key-do-not-use"

# Mail for crisis communication (escalation outbox worker). Development and `make demo`: the
# local SMTP server on port 8025; production: from the environment; tests set their own.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "8025"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ketenzicht <noreply@ketenzicht.local>")
# The address of this site in acknowledgement links in mails.
KETENZICHT_BASE_URL = os.environ.get("KETENZICHT_BASE_URL", "http://localhost:8000")
# Minutes without acknowledgement before the next person on a rota is alerted.
ESCALATION_ROTA_TIMEOUT_MINUTES = int(os.environ.get("ESCALATION_ROTA_TIMEOUT_MINUTES", "15"))
# An acknowledgement link expires this long after the alert (and when the incident is closed).
ESCALATION_ACK_LINK_HOURS = int(os.environ.get("ESCALATION_ACK_LINK_HOURS", "72"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # aiosmtpd (the demo mail server) logs every SMTP command at INFO; only problems matter.
    "loggers": {"axes": {"level": "WARNING"}, "mail.log": {"level": "WARNING"}},
}

# REST API v1 (issue 13; docs/api.md). OAuth2 client credentials (django-oauth-toolkit): one
# client per organisation, whose service user holds the role "koppeling" (access.policy).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "OAUTH2_VALIDATOR_CLASS": "ketenzicht.api.auth.ClientValidator",
    "SCOPES_BACKEND_CLASS": "ketenzicht.api.auth.ClientScopes",
    "ALLOWED_GRANT_TYPES": ["client_credentials"],
    # The OAuth 2.0 Security BCP (RFC 9700) in full, though only client credentials are used:
    # tokens stored hashed and only in the Authorization header, no implicit or password grant,
    # PKCE with S256, https redirects, refresh-token reuse revoking the family.
    "PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["ketenzicht.api.auth.ClientAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["ketenzicht.api.auth.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["ketenzicht.api.auth.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["ketenzicht.api.problems.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ketenzicht.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ketenzicht API",
    "DESCRIPTION": (
        "Koppelvlak van Ketenzicht voor zaaksystemen van gecertificeerde instellingen, "
        "BI-omgevingen en gemeenten: events aanleveren, tijdlijnen, normresultaten, wachtlijst, "
        "aantallen en een wijzigingenfeed. Volgt de NL GOV API Design Rules."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "CONTACT": {
        "name": "Functioneel beheer Ketenzicht",
        "url": "https://ketenzicht.example.nl/contact",
        "email": "beheer@ketenzicht.example.nl",
    },
    "SERVERS": [{"url": "/api/v1", "description": "Deze omgeving"}],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ketenzicht.api.schema.nl_gov_rules",
    ],
}
# Per API client: requests per minute, and the largest request body and batch accepted.
KETENZICHT_API_RATE = os.environ.get("KETENZICHT_API_RATE", "600/minute")
KETENZICHT_API_MAX_BODY = int(os.environ.get("KETENZICHT_API_MAX_BODY", str(8 * 1024 * 1024)))
KETENZICHT_API_MAX_BATCH = int(os.environ.get("KETENZICHT_API_MAX_BATCH", "2000"))
