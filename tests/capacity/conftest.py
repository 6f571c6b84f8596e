from tests.access.conftest import role_users  # noqa: F401  (fixture: one user per role)
