"""Retention: a youth's data is kept until the retention term after the end of their last
measure (Jeugdwet: 20 years by default, art. 7.3.8), then purged. The access log is not purged:
it holds pseudonyms only, and its hash chain stays verifiable."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q

from ketenzicht.timeline.domain.state import add_months
from ketenzicht.timeline.models import Event, Measure, NetworkMember, Youth

from . import audit
from .models import BreakGlass


def retention_years() -> int:
    return int(getattr(settings, "KETENZICHT_RETENTION_YEARS", 20))


def purgeable(as_of: dt.date):
    """Youths whose measures have all ended, the last one more than the term before `as_of`."""
    cutoff = add_months(as_of, -12 * retention_years())
    return Youth.objects.annotate(
        active=Count("measures", filter=Q(measures__ended_on__isnull=True)),
        last_end=Max("measures__ended_on"),
    ).filter(active=0, last_end__lt=cutoff)


@transaction.atomic
def purge(as_of: dt.date, operator: str) -> int:
    youths = list(purgeable(as_of))
    if not youths:
        return 0
    ids = [y.pk for y in youths]
    events = Event.objects.filter(measure__youth_id__in=ids)
    # Corrections point at the events they supersede (PROTECT): remove them first.
    events.filter(corrects__isnull=False).delete()
    events.delete()
    Measure.objects.filter(youth_id__in=ids, related_measure__isnull=False).delete()
    Measure.objects.filter(youth_id__in=ids).delete()
    NetworkMember.objects.filter(youth_id__in=ids).delete()
    BreakGlass.objects.filter(youth_id__in=ids).delete()
    audit.append(
        audit.Access(
            username=operator,
            user_id=None,
            role="Bewaartermijn",
            organisation="",
            youth_external_id=y.external_id,
            action="purge",
            subject=f"vernietigd na bewaartermijn van {retention_years()} jaar",
        )
        for y in youths
    )
    Youth.objects.filter(pk__in=ids).delete()
    return len(ids)
