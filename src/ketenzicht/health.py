"""Health probes for a load balancer, an orchestrator or a monitoring system (docs/deploy.md).

- /gezondheid/leeft (liveness): the process answers. No database: a database outage must not
  make an orchestrator restart every web process.
- /gezondheid/gereed (readiness): the database answers and every migration of this code is
  applied; otherwise 503, so that no traffic reaches a process whose database is missing or
  behind (an upgrade whose release step has not run yet).

No login, no personal data, no details of the failure in the answer (the server log has them).
Both answer over plain HTTP too (SECURE_REDIRECT_EXEMPT in settings.production).
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Once every migration is applied it stays so for the life of this process: new migrations
# come only with new code, hence a new process. Before that, each probe looks again.
_migrated = False


@require_safe
def live(request):
    return JsonResponse({"status": "leeft"})


@require_safe
def ready(request):
    global _migrated
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrated:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if pending:
                logger.warning("Niet gereed: %d migratie(s) nog niet uitgevoerd.", len(pending))
                return not_ready(f"{len(pending)} migratie(s) nog niet uitgevoerd")
            _migrated = True
    except DatabaseError as exc:
        logger.warning("Niet gereed: database niet bereikbaar (%s).", exc.__class__.__name__)
        return not_ready("database niet bereikbaar")
    return JsonResponse({"status": "gereed"})


def not_ready(reason: str) -> JsonResponse:
    return JsonResponse({"status": "niet gereed", "reden": reason}, status=503)
