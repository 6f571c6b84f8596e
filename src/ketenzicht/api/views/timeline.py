"""Events: a batch in (the one write path), a measure's timeline out, and the changes feed."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from ketenzicht.access import policy
from ketenzicht.norms.selectors import results_for_measures
from ketenzicht.timeline.models import Change, Event, Measure

from .. import schema, serializers, writes
from ..auth import log
from .base import MAX_NUMBER, ApiView, paged, reference_date, whole_number
from .reference import ID, measure_in_scope

BATCH_DESCRIPTION = (
    "Eén batch van events voor één of meer maatregelen, met de teams, medewerkers, jeugdigen en "
    "maatregelen die nieuw zijn of wijzigen. Alles of niets: bij een fout wordt niets opgeslagen "
    "en staat elke fout (record, veld, reden) in één antwoord. Idempotent op de eigen ids van de "
    "afzender: dezelfde batch opnieuw sturen verandert niets en geeft hetzelfde antwoord; een "
    "event dat al bestaat met andere inhoud geeft 409 (stuur een correctie)."
)


@schema.document(
    "Events",
    "Batch aanleveren",
    serializers.BatchResultSerializer,
    method="POST",
    request="batch",
    description=BATCH_DESCRIPTION,
)
class EventBatch(ApiView):
    scopes = {"POST": "events:write"}

    def post(self, request):
        body = writes.checked_body(
            request, writes.EVENT_BATCH, "events", settings.KETENZICHT_API_MAX_BATCH
        )
        accepted = writes.store(request.user, request.api_client.organisation, body)
        measures = {e.get("measure") for e in body["events"]} | {
            m.get("id") for m in body.get("measures") or []
        }
        youths = set(
            Measure.objects.filter(
                external_id__in=[m for m in measures if isinstance(m, str)]
            ).values_list("youth__external_id", flat=True)
        ) | {y.get("id") for y in body.get("youths") or []}
        log(request, sorted(youths), "change", "events aangeleverd")
        return Response({"accepted": accepted})


@schema.document(
    "Events", "Tijdlijn van een maatregel", serializers.EventSerializer, many=True, params=[ID]
)
class MeasureEvents(ApiView):
    scopes = {"GET": "events:read"}

    def get(self, request, id: str):
        measure = measure_in_scope(request, id)
        log(request, [measure.youth.external_id], "view", "tijdlijn")
        events = (
            Event.objects.filter(measure=measure)
            .select_related("measure", "corrects")
            .order_by("seq")
        )
        return paged(self, request, events, serializers.EventSerializer)


CURSOR = OpenApiParameter(
    "cursor",
    {"type": "integer", "minimum": 0},
    description="De cursor van de laatste wijziging die u al hebt (leeg: vanaf het begin).",
)
LIMIT = OpenApiParameter(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": 1000},
    description="Hoogstens zoveel wijzigingen (standaard 100).",
)


@schema.document(
    "Wijzigingen",
    "Wat is er veranderd sinds een cursor",
    serializers.ChangePageSerializer,
    params=[CURSOR, LIMIT],
    description="Per wijziging: de maatregel, de nieuwe events en de normresultaten van de "
    "maatregel nu. Bewaar `next` en vraag daarmee de volgende wijzigingen op. Alleen "
    "maatregelen binnen het bereik van de client.",
)
class Changes(ApiView):
    scopes = {"GET": "changes:read"}

    def get(self, request):
        cursor = whole_number(request, "cursor", 0, 0, MAX_NUMBER)
        limit = whole_number(request, "limit", 100, 1, 1000)
        scope = policy.visible_measures(request.user)
        rows = list(
            Change.objects.filter(id__gt=cursor, measure__in=scope.values("pk"))
            .order_by("id")
            .values_list("id", "measure_id", "first_seq", "last_seq")[:limit]
        )
        measures = {
            m.pk: m
            for m in Measure.objects.filter(pk__in={r[1] for r in rows}).select_related("youth")
        }
        results = results_for_measures(list(measures), reference_date(request)) if rows else {}
        events: dict[int, list[Event]] = {}
        for ev in (
            Event.objects.filter(measure_id__in=list(measures))
            .select_related("measure", "corrects")
            .order_by("measure_id", "seq")
        ):
            events.setdefault(ev.measure_id, []).append(ev)
        items = []
        for change_id, mid, first, last in rows:
            m = measures[mid]
            items.append(
                {
                    "cursor": str(change_id),
                    "measure": m.external_id,
                    "youth": m.youth.external_id,
                    "events": serializers.EventSerializer(
                        [e for e in events.get(mid, []) if first <= e.seq <= last], many=True
                    ).data,
                    "norm_results": serializers.NormResultSerializer(
                        results.get(m.external_id, []), many=True
                    ).data,
                }
            )
        log(request, sorted({i["youth"] for i in items}), "view", "wijzigingenfeed")
        last_cursor = rows[-1][0] if rows else cursor
        return Response(
            {
                "count": len(items),
                "next": str(last_cursor),
                "more": len(rows) == limit,
                "results": items,
            }
        )
