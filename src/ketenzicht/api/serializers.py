"""The API's representations. Read models carry external ids (the sender's own), never a BSN or a
child's name: a case system knows its children by its own ids, and a BI tool needs no names."""

from __future__ import annotations

from rest_framework import serializers

from ketenzicht.chain.domain import LINK_LABELS
from ketenzicht.chain.events import TRAJECTORY_EVENT_TYPES
from ketenzicht.chain.models import CLOSURES
from ketenzicht.norms.catalogue import NORMS
from ketenzicht.norms.engine import STATUS_LABELS, Status
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.domain.events import EVENT_TYPES


def _ext(field: str) -> serializers.CharField:
    return serializers.CharField(source=f"{field}.external_id", default=None, allow_null=True)


class OrganisationSerializer(serializers.Serializer):
    id = serializers.CharField(source="external_id")
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=list(codes.ORGANISATION_TYPES))
    municipality = serializers.CharField(
        source="municipality.cbs_code", default=None, allow_null=True
    )
    national = serializers.BooleanField()


class TeamSerializer(serializers.Serializer):
    id = serializers.CharField(source="external_id")
    organisation = serializers.CharField(source="organisation.external_id")
    name = serializers.CharField()
    cluster = serializers.CharField()
    doorstroomteam = serializers.BooleanField(source="is_doorstroomteam")


class WorkerSerializer(serializers.Serializer):
    id = serializers.CharField(source="external_id")
    organisation = serializers.CharField(source="organisation.external_id")
    team = _ext("team")
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    role = serializers.ChoiceField(choices=list(codes.WORKER_ROLES))
    fte = serializers.FloatField()


class YouthSerializer(serializers.Serializer):
    id = serializers.CharField(source="external_id")
    birth_date = serializers.DateField()
    responsible_municipality = serializers.CharField(source="responsible_municipality.cbs_code")
    stay_municipality = serializers.CharField(source="stay_municipality.cbs_code")
    placement_type = serializers.ChoiceField(choices=list(codes.PLACEMENT_TYPES))


class MeasureSerializer(serializers.Serializer):
    id = serializers.CharField(source="external_id")
    youth = serializers.CharField(source="youth.external_id")
    measure_type = serializers.CharField()
    related_measure = _ext("related_measure")
    start_date = serializers.DateField(allow_null=True)
    ruling_date = serializers.DateField(allow_null=True)
    planned_end_date = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField(allow_blank=True)
    gi = _ext("gi")
    team = _ext("team")
    assignment = serializers.CharField(allow_blank=True)
    worker = _ext("worker")
    assignment_since = serializers.DateField(allow_null=True)
    extensions = serializers.IntegerField()


class EventSerializer(serializers.Serializer):
    id = serializers.CharField(source="external_id")
    measure = serializers.CharField(source="measure.external_id")
    seq = serializers.IntegerField()
    type = serializers.ChoiceField(source="event_type", choices=list(EVENT_TYPES))
    date = serializers.DateField()
    data = serializers.DictField()
    recorded_at = serializers.DateTimeField()
    corrects = _ext("corrects")


class NormResultSerializer(serializers.Serializer):
    measure = serializers.CharField(source="measure_id")
    norm = serializers.CharField(source="norm_id")
    title = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=[s.value for s in Status])
    status_label = serializers.SerializerMethodField()
    due_date = serializers.DateField(allow_null=True)
    met_date = serializers.DateField(allow_null=True)
    event = serializers.CharField(source="event_id", allow_null=True)
    variant = serializers.CharField()
    rule = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)

    def get_title(self, r) -> str:
        return NORMS[r.norm_id].title

    def get_source(self, r) -> str:
        return NORMS[r.norm_id].source

    def get_status_label(self, r) -> str:
        return STATUS_LABELS[r.status]


class WaitingRowSerializer(serializers.Serializer):
    measure = serializers.CharField(source="measure.external_id")
    youth = serializers.CharField(source="measure.youth.external_id")
    measure_type = serializers.CharField(source="measure.measure_type")
    team = serializers.CharField(source="measure.team.external_id", default=None, allow_null=True)
    colour = serializers.CharField(allow_null=True)
    ruis_flags = serializers.ListField(child=serializers.CharField())
    days_waiting = serializers.IntegerField()
    next_check_norm = serializers.CharField(source="next_check.norm_id", default=None)
    next_check_due_date = serializers.DateField(source="next_check.due_date", default=None)
    next_check_overdue = serializers.BooleanField()
    last_contact_date = serializers.DateField(source="last_contact", allow_null=True)
    last_contact_alone = serializers.BooleanField(allow_null=True)
    open_signals = serializers.IntegerField()
    lapsed = serializers.BooleanField()


class CountRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.CharField(
        help_text="Het aantal; voor een gemeente kan een klein aantal zijn afgeschermd "
        "(zoals op het scherm en in de raadsrapportage)."
    )


class CountsSerializer(serializers.Serializer):
    peildatum = serializers.DateField()
    figure = serializers.CharField()
    per = serializers.CharField()
    rows = CountRowSerializer(many=True)
    total = serializers.IntegerField(allow_null=True)


class ChangeSerializer(serializers.Serializer):
    cursor = serializers.CharField()
    measure = serializers.CharField()
    youth = serializers.CharField()
    events = EventSerializer(many=True)
    norm_results = NormResultSerializer(many=True)


class ChangePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(help_text="De cursor voor de volgende aanvraag.")
    more = serializers.BooleanField(help_text="Er staan meer wijzigingen klaar.")
    results = ChangeSerializer(many=True)


class AcceptedSerializer(serializers.Serializer):
    teams = serializers.IntegerField()
    workers = serializers.IntegerField()
    youths = serializers.IntegerField()
    measures = serializers.IntegerField()
    events = serializers.IntegerField()
    staff_events = serializers.IntegerField()


class BatchResultSerializer(serializers.Serializer):
    accepted = AcceptedSerializer()


class TrajectoryAcceptedSerializer(serializers.Serializer):
    youths = serializers.IntegerField()
    trajectories = serializers.IntegerField()
    trajectory_events = serializers.IntegerField()


class TrajectoryBatchResultSerializer(serializers.Serializer):
    accepted = TrajectoryAcceptedSerializer()


class ChainNormResultSerializer(serializers.Serializer):
    norm = serializers.CharField(source="norm.id")
    title = serializers.CharField(source="norm.title")
    source = serializers.CharField(source="norm.source")
    status = serializers.ChoiceField(choices=[s.value for s in Status])
    status_label = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    met_date = serializers.DateField(allow_null=True)
    rule = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)


class TrajectoryEventSerializer(serializers.Serializer):
    id = serializers.CharField(source="external_id")
    seq = serializers.IntegerField()
    type = serializers.ChoiceField(source="event_type", choices=list(TRAJECTORY_EVENT_TYPES))
    date = serializers.DateField()
    data = serializers.DictField()
    recorded_at = serializers.DateTimeField()


class TrajectorySerializer(serializers.Serializer):
    """A trajectory's projection (as the list shows it): external ids, no names."""

    id = serializers.CharField(source="external_id")
    youth = serializers.CharField(source="youth.external_id")
    organisation = serializers.CharField(source="organisation.external_id")
    municipality = serializers.CharField(
        source="municipality.cbs_code", default=None, allow_null=True
    )
    opened_on = serializers.DateField(allow_null=True)
    link = serializers.ChoiceField(choices=list(LINK_LABELS), allow_blank=True)
    closed_on = serializers.DateField(allow_null=True)
    closure = serializers.ChoiceField(choices=list(CLOSURES), allow_blank=True)
    measure = _ext("measure")
    regie_organisation = _ext("regie_organisation")
    regie_worker = _ext("regie_worker")
    regie_since = serializers.DateField(allow_null=True)
    offer_organisation = _ext("offer_organisation")
    offer_worker = _ext("offer_worker")
    offered_on = serializers.DateField(allow_null=True)
    rvdk = _ext("rvdk")  # the Raad the investigation request is addressed to


class TrajectoryDetailSerializer(TrajectorySerializer):
    """One trajectory: its projection, next step, regie flags, chain norms and events."""

    next_step = serializers.CharField()
    flags = serializers.ListField(child=serializers.CharField())
    chain_norms = ChainNormResultSerializer(many=True)
    events = TrajectoryEventSerializer(many=True)
