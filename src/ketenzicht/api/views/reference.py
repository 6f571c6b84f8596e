"""Organisations, teams and workers (the caller's own organisation, read); youths and measures
(read within the policy's scope; their facts written through the one write path)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from ketenzicht.access import policy
from ketenzicht.reference.models import Organisation, Team, Worker
from ketenzicht.timeline.models import Measure, Youth

from .. import schema, serializers, writes
from ..auth import log
from ..problems import Problem
from .base import ApiView, paged

ID = OpenApiParameter("id", str, OpenApiParameter.PATH, description="Extern id (van de afzender).")


def _own(request) -> Organisation:
    return request.api_client.organisation


def _get(qs, ext_id: str, label: str):
    found = qs.filter(external_id=ext_id).first()
    if found is None:
        raise Problem(
            404, "Niet gevonden", f"{label} '{ext_id}' bestaat niet of valt buiten uw bereik."
        )
    return found


@schema.document("Organisaties", "Lijst", serializers.OrganisationSerializer, many=True)
class OrganisationList(ApiView):
    scopes = {"GET": "organisations:read"}

    def get(self, request):
        return paged(
            self,
            request,
            Organisation.objects.filter(pk=_own(request).pk).select_related("municipality"),
            serializers.OrganisationSerializer,
        )


@schema.document("Organisaties", "Eén organisatie", serializers.OrganisationSerializer, params=[ID])
class OrganisationDetail(ApiView):
    scopes = {"GET": "organisations:read"}

    def get(self, request, id: str):
        qs = Organisation.objects.filter(pk=_own(request).pk).select_related("municipality")
        return Response(serializers.OrganisationSerializer(_get(qs, id, "Organisatie")).data)


@schema.document("Teams", "Lijst", serializers.TeamSerializer, many=True)
class TeamList(ApiView):
    scopes = {"GET": "teams:read"}

    def get(self, request):
        qs = Team.objects.filter(organisation=_own(request)).select_related("organisation")
        return paged(self, request, qs.order_by("external_id"), serializers.TeamSerializer)


@schema.document("Teams", "Eén team", serializers.TeamSerializer, params=[ID])
class TeamDetail(ApiView):
    scopes = {"GET": "teams:read"}

    def get(self, request, id: str):
        qs = Team.objects.filter(organisation=_own(request)).select_related("organisation")
        return Response(serializers.TeamSerializer(_get(qs, id, "Team")).data)


def _workers(request):
    return Worker.objects.filter(organisation=_own(request)).select_related("organisation", "team")


@schema.document("Medewerkers", "Lijst", serializers.WorkerSerializer, many=True)
class WorkerList(ApiView):
    scopes = {"GET": "workers:read"}

    def get(self, request):
        return paged(
            self, request, _workers(request).order_by("external_id"), serializers.WorkerSerializer
        )


@schema.document("Medewerkers", "Eén medewerker", serializers.WorkerSerializer, params=[ID])
class WorkerDetail(ApiView):
    scopes = {"GET": "workers:read"}

    def get(self, request, id: str):
        return Response(
            serializers.WorkerSerializer(_get(_workers(request), id, "Medewerker")).data
        )


def _youths(request):
    return policy.visible_youths(request.user).select_related(
        "responsible_municipality", "stay_municipality"
    )


@schema.document("Jeugdigen", "Lijst (binnen het bereik)", serializers.YouthSerializer, many=True)
class YouthList(ApiView):
    scopes = {"GET": "youths:read"}

    def get(self, request):
        response = paged(
            self, request, _youths(request).order_by("external_id"), serializers.YouthSerializer
        )
        log(request, (y["id"] for y in response.data["results"]), "view", "jeugdigen")
        return response


@schema.document("Jeugdigen", "Eén jeugdige", serializers.YouthSerializer, params=[ID])
@schema.document(
    "Jeugdigen",
    "Aanleveren of bijwerken",
    serializers.YouthSerializer,
    params=[ID],
    method="PUT",
    request=schema.record_component("youth"),
    created=True,
)
class YouthDetail(ApiView):
    scopes = {"GET": "youths:read", "PUT": "youths:write"}

    def get(self, request, id: str):
        youth = _get(_youths(request), id, "Jeugdige")
        log(request, [youth.external_id], "view", "jeugdige")
        return Response(serializers.YouthSerializer(youth).data)

    def put(self, request, id: str):
        existed = Youth.objects.filter(external_id=id).exists()
        _store_one(request, "youths", id)
        youth = Youth.objects.select_related("responsible_municipality", "stay_municipality").get(
            external_id=id
        )
        log(request, [id], "change", "jeugdige aangeleverd")
        return Response(serializers.YouthSerializer(youth).data, status=200 if existed else 201)


def _store_one(request, key: str, ext_id: str) -> None:
    body = request.data
    if not isinstance(body, dict):
        raise Problem(400, "Ongeldige aanvraag", "Verwacht een JSON-object.")
    if "id" in body and body["id"] != ext_id:
        raise Problem(
            400,
            "Ongeldige aanvraag",
            "Het id in de inhoud verschilt van het id in het pad.",
            [{"name": "id", "reason": "verschilt van het id in het pad."}],
        )
    writes.store(request.user, _own(request), {key: [{**body, "id": ext_id}]})


def _measures(request):
    return policy.visible_measures(request.user).select_related(
        "youth", "related_measure", "gi", "team", "worker"
    )


@schema.document(
    "Maatregelen", "Lijst (binnen het bereik)", serializers.MeasureSerializer, many=True
)
class MeasureList(ApiView):
    scopes = {"GET": "measures:read"}

    def get(self, request):
        response = paged(
            self, request, _measures(request).order_by("external_id"), serializers.MeasureSerializer
        )
        log(request, (m["youth"] for m in response.data["results"]), "view", "maatregelen")
        return response


@schema.document("Maatregelen", "Eén maatregel", serializers.MeasureSerializer, params=[ID])
@schema.document(
    "Maatregelen",
    "Feiten bijwerken",
    serializers.MeasureSerializer,
    params=[ID],
    method="PUT",
    request=schema.record_component("measure"),
    description="Werkt de jeugdige, soort of bijbehorende maatregel van een bestaande maatregel "
    "bij. Een nieuwe maatregel komt met zijn eerste events (Maatregel gestart) in een batch "
    "(POST /events).",
)
class MeasureDetail(ApiView):
    scopes = {"GET": "measures:read", "PUT": "measures:write"}

    def get(self, request, id: str):
        measure = _get(_measures(request), id, "Maatregel")
        log(request, [measure.youth.external_id], "view", "maatregel")
        return Response(serializers.MeasureSerializer(measure).data)

    def put(self, request, id: str):
        _store_one(request, "measures", id)
        measure = Measure.objects.select_related(
            "youth", "related_measure", "gi", "team", "worker"
        ).get(external_id=id)
        log(request, [measure.youth.external_id], "change", "maatregel aangeleverd")
        return Response(serializers.MeasureSerializer(measure).data)


def measure_in_scope(request, ext_id: str) -> Measure:
    return _get(_measures(request), ext_id, "Maatregel")


def not_found(*_args, **_kwargs):
    raise Http404
