"""Roles of the people who use Ketenzicht, and what each may see in the web shell.

This is the foundation's simple role model (one role per worker account). The full policy layer
with scopes, break-the-glass and the access log is issue #4.
"""

from ketenzicht.timeline.domain.codes import WORKER_ROLES

CASE_ROLES = {"jeugdzorgwerker", "gedragswetenschapper", "teamleider", "gebiedsmanager", "bestuurder"}


def role_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    worker = getattr(user, "worker", None)
    return worker.role if worker is not None else None


def role_label(user) -> str:
    role = role_of(user)
    if role is None:
        return "Beheerder" if user.is_superuser else "Geen rol"
    return WORKER_ROLES[role]


def may_see_cases(user) -> bool:
    return user.is_authenticated and role_of(user) in CASE_ROLES
