"""Trajectories (issue 18), read: the same scope as the screen *Trajecten*
(`policy.trajectory_filter`), the same fold, flags and chain norms as the trajectory page. No
names: the youth by external id. Recording: POST /trajectories takes a batch of exchange-format
1.2 records (`youths`, `trajectories`, `trajectory_events`), all or nothing, through the same
write path as a file import and the screens' rules per event (decision 0016)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from ketenzicht import clock
from ketenzicht.access import policy
from ketenzicht.chain import domain, norms as chain_norms, selectors
from ketenzicht.chain.models import Trajectory
from ketenzicht.chain.services import record_of
from ketenzicht.norms.calendar import default_calendar
from ketenzicht.norms.configured import settings_config

from .. import schema, serializers, writes
from ..auth import log
from .base import ApiView, Problem, paged
from .reference import ID, _get

OPEN = OpenApiParameter(
    "open", bool, description="Alleen open trajecten (true) of alleen gesloten (false)."
)
BATCH_DESCRIPTION = (
    "Eén batch van trajectevents, met de trajecten en jeugdigen die nieuw zijn. Alles of niets; "
    "idempotent op de eigen ids van de afzender. Elke stap valt onder dezelfde regels als op het "
    "scherm: een wijkteam of Veilig Thuis opent een traject met een zorgmelding, de organisatie "
    "die registreerde of de regie heeft legt de stappen vast, de Raad zijn eigen stappen, en "
    "alleen de organisatie die de regie krijgt aangeboden accepteert of weigert. Een jeugdige "
    "met een BSN dat al bekend is (met dezelfde geboortedatum) wordt gekoppeld, zonder iets van "
    "die jeugdige te wijzigen of te tonen."
)
RELATED = (
    "youth",
    "organisation",
    "municipality",
    "measure",
    "regie_organisation",
    "regie_worker",
    "offer_organisation",
    "offer_worker",
    "rvdk",
)


def _trajectories(request):
    return Trajectory.objects.filter(policy.trajectory_filter(request.user)).select_related(
        *RELATED
    )


@schema.document(
    "Trajecten",
    "Lijst (binnen het bereik)",
    serializers.TrajectorySerializer,
    many=True,
    params=[OPEN],
)
@schema.document(
    "Trajecten",
    "Batch aanleveren",
    serializers.TrajectoryBatchResultSerializer,
    method="POST",
    request="trajectory_batch",
    description=BATCH_DESCRIPTION,
)
class TrajectoryList(ApiView):
    scopes = {"GET": "trajectories:read", "POST": "trajectories:write"}

    def get(self, request):
        qs = _trajectories(request)
        wanted = request.query_params.get("open")
        if wanted is not None:
            if wanted not in ("true", "false"):
                raise Problem(
                    400,
                    "Ongeldige aanvraag",
                    "open: verwacht true of false.",
                    [{"name": "open", "reason": "verwacht true of false."}],
                )
            qs = qs.filter(closed_on__isnull=wanted == "true")
        response = paged(
            self, request, qs.order_by("external_id"), serializers.TrajectorySerializer
        )
        log(request, (t["youth"] for t in response.data["results"]), "view", "trajecten")
        return response

    def post(self, request):
        body = writes.checked_body(
            request,
            writes.TRAJECTORY_BATCH,
            "trajectory_events",
            settings.KETENZICHT_API_MAX_BATCH,
        )
        accepted = writes.store(
            request.user, request.api_client.organisation, body, writes.TRAJECTORY_BATCH
        )
        ids = {r.get("trajectory") for r in body["trajectory_events"]} | {
            r.get("id") for r in body.get("trajectories") or []
        }
        youths = Trajectory.objects.filter(
            external_id__in=[i for i in ids if isinstance(i, str)]
        ).values_list("youth__external_id", flat=True)
        log(request, sorted(set(youths)), "change", "trajecten aangeleverd")
        return Response({"accepted": accepted})


@schema.document(
    "Trajecten",
    "Eén traject, met regiesignalen, ketennormen en events",
    serializers.TrajectoryDetailSerializer,
    params=[ID],
)
class TrajectoryDetail(ApiView):
    scopes = {"GET": "trajectories:read"}

    def get(self, request, id: str):
        trajectory = _get(_trajectories(request), id, "Traject")
        today = clock.today()
        state = domain.fold([record_of(e) for e in trajectory.events.all()])
        terms = settings_config().terms
        trajectory.next_step = state.next_step()
        trajectory.flags = [
            f.code
            for f in domain.flags(
                state, today, default_calendar().add_working_days, **chain_norms.flag_terms(terms)
            )
        ]
        trajectory.chain_norms = selectors.norm_results(trajectory, state, today)
        log(request, [trajectory.youth.external_id], "view", "traject")
        return Response(serializers.TrajectoryDetailSerializer(trajectory).data)
