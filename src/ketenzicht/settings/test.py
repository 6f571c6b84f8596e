"""Test settings: the database comes from DATABASE_URL (SQLite or the throwaway PostgreSQL)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# Argon2 stays the hasher (it is what production uses), with cheap parameters in tests.
PASSWORD_HASHERS = ["ketenzicht.access.hashers.FastArgon2PasswordHasher"]
