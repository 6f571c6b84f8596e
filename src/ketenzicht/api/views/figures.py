"""Norm results (per measure, per worker), the waiting list, and reference-date counts: the same
selectors as the screens, with the same scope and, for a municipality, the same suppression."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from ketenzicht import clock
from ketenzicht.access import policy
from ketenzicht.care import domain as care_domain, published, selectors
from ketenzicht.norms.selectors import results_for_measures
from ketenzicht.publication import periods
from ketenzicht.reference.models import Organisation, Worker

from .. import schema, serializers
from ..auth import log
from ..problems import Problem
from .base import ApiView, paged, reference_date
from .reference import ID, measure_in_scope

PEILDATUM = OpenApiParameter(
    "peildatum",
    {"type": "string", "format": "date"},
    description="Peildatum JJJJ-MM-DD (standaard vandaag).",
)


@schema.document(
    "Normresultaten",
    "Normresultaten van een maatregel",
    serializers.NormResultSerializer,
    many=True,
    params=[ID, PEILDATUM],
)
class MeasureNormResults(ApiView):
    scopes = {"GET": "norm-results:read"}

    def get(self, request, id: str):
        measure = measure_in_scope(request, id)
        as_of = reference_date(request)
        results = results_for_measures([measure.pk], as_of).get(measure.external_id, [])
        log(request, [measure.youth.external_id], "view", "normresultaten")
        return paged(self, request, results, serializers.NormResultSerializer)


@schema.document(
    "Normresultaten",
    "Werklijst van een medewerker (wat open of verstreken is)",
    serializers.NormResultSerializer,
    many=True,
    params=[ID, PEILDATUM],
)
class WorkerNormResults(ApiView):
    scopes = {"GET": "norm-results:read"}

    def get(self, request, id: str):
        worker = Worker.objects.filter(
            external_id=id, organisation=request.api_client.organisation
        ).first()
        if worker is None:
            raise Problem(
                404, "Niet gevonden", f"Medewerker '{id}' bestaat niet of valt buiten uw bereik."
            )
        as_of = reference_date(request)
        measures = list(
            policy.visible_measures(request.user)
            .filter(worker=worker, ended_on__isnull=True, start_date__isnull=False)
            .select_related("youth")
        )
        results = [
            r
            for rs in results_for_measures([m.pk for m in measures], as_of).values()
            for r in rs
            if r.status in ("open", "overdue")
        ]
        results.sort(key=lambda r: (r.status != "overdue", r.due_date, r.measure_id, r.norm_id))
        log(request, [m.youth.external_id for m in measures], "view", "werklijst medewerker")
        return paged(self, request, results, serializers.NormResultSerializer)


@schema.document(
    "Wachtlijst",
    "Kinderen zonder vaste jeugdbeschermer",
    serializers.WaitingRowSerializer,
    many=True,
    params=[PEILDATUM],
    description="In de volgorde van het wachtlijstscherm (veiligheid, ruis, wachttijd).",
)
class WaitingList(ApiView):
    scopes = {"GET": "waiting-list:read"}

    def get(self, request):
        rows = selectors.waiting_list(
            policy.visible_measures(request.user), reference_date(request)
        )
        response = paged(self, request, rows, serializers.WaitingRowSerializer)
        log(request, (r["youth"] for r in response.data["results"]), "view", "wachtlijst")
        return response


PER = OpenApiParameter(
    "per",
    str,
    enum=["gi", "region", "municipality", "total"],
    description="Indeling (alleen voor een GI; standaard gi).",
)
FIGURE = "Kinderen zonder vaste jeugdbeschermer"


@schema.document(
    "Aantallen",
    "Kinderen zonder vaste jeugdbeschermer op een peildatum",
    serializers.CountsSerializer,
    params=[PEILDATUM, PER],
    description="Voor een GI: de eigen maatregelen, per GI, regio of gemeente. Voor een "
    "gemeente: de rij van de eigen gemeente uit de gepubliceerde tabel, met kleine aantallen "
    "afgeschermd zoals op het scherm en in de raadsrapportage; alleen op de laatste dag van "
    "een afgelopen maand (standaard de laatste).",
)
class Counts(ApiView):
    scopes = {"GET": "counts:read"}

    def get(self, request):
        org: Organisation = request.api_client.organisation
        if org.type == "gemeente":
            return Response(self._municipal(request, org))
        day = reference_date(request)
        by = request.query_params.get("per", "gi")
        if by not in ("gi", "region", "municipality", "total"):
            raise Problem(
                400,
                "Ongeldige aanvraag",
                "per: kies gi, region, municipality of total.",
                [{"name": "per", "reason": "kies gi, region, municipality of total."}],
            )
        measures = policy.visible_measures(request.user)
        grouped = selectors.without_fixed_worker_counts([day], by, measures)[day]
        total = selectors.without_fixed_worker_counts([day], "total", measures)[day]
        labels = selectors.group_labels(by)
        rows = [
            {"key": k, "label": labels.get(k, k), "count": str(n)}
            for k, n in sorted(grouped.items())
        ]
        return Response(
            {
                "peildatum": day,
                "figure": FIGURE,
                "per": by,
                "rows": rows,
                "total": total[care_domain.TOTAL_KEY],
            }
        )

    def _municipal(self, request, org: Organisation) -> dict:
        muni = org.municipality
        allowed = periods.recent_month_ends(clock.today())
        raw = request.query_params.get("peildatum")
        day = allowed[-1] if raw is None else reference_date(request)
        if day not in allowed:
            raise Problem(
                400,
                "Ongeldige aanvraag",
                "peildatum: cijfers voor een gemeente zijn er alleen op de laatste dag van een "
                "afgelopen maand.",
                [{"name": "peildatum", "reason": "kies de laatste dag van een afgelopen maand."}],
            )
        if request.query_params.get("per", "municipality") != "municipality":
            raise Problem(
                400,
                "Ongeldige aanvraag",
                "per: een gemeente ziet alleen de eigen gemeente (municipality).",
                [{"name": "per", "reason": "alleen municipality."}],
            )
        rows = []
        if muni is not None:
            (table,) = published.suppressed(
                published.without_fixed_worker_table(published.universe(muni), [day])
            )
            rows = [
                {
                    "key": muni.cbs_code,
                    "label": muni.name,
                    "count": table.cell(muni.cbs_code, day.isoformat()),
                }
            ]
        return {
            "peildatum": day,
            "figure": FIGURE,
            "per": "municipality",
            "rows": rows,
            "total": None,
        }
