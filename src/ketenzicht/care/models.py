"""The step read models (issue 15, item 1; `care.steps`): every holder-changing event of every
measure, decoded and in the order the timeline's fold applies them (`care.holders`), and every
event of the help requests (`care.help_steps`)."""

from django.db import models


class Step(models.Model):
    """One live event on a measure, decoded: the columns every step store has (`care.steps`)."""

    # No index of its own: the unique (measure, position) serves lookups by measure.
    measure = models.ForeignKey(
        "timeline.Measure", models.CASCADE, related_name="+", db_index=False
    )
    position = models.PositiveIntegerField()  # the fold's order within the measure
    date = models.DateField()
    event_type = models.CharField(max_length=40)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["measure", "position"], name="%(class)s_position")
        ]

    def __str__(self) -> str:
        return f"{self.event_type} op {self.date} (maatregel {self.measure_id})"


class HolderStep(Step):
    """One live event of `domain.HOLDER_TYPES` on a measure, as `domain.holder_steps` reduces it.
    Derived from the events on every write; `timeline-rebuild` checks and repairs it."""

    gi = models.TextField(null=True)
    team = models.TextField(null=True)
    worker = models.TextField(null=True)
    assignment = models.CharField(max_length=40, null=True)

    class Meta(Step.Meta):
        verbose_name = "leesmodel houders (stap)"
        verbose_name_plural = "leesmodel houders (stappen)"


class HelpStep(Step):
    """One live event of the help requests' types (`help_steps.HELP_TYPES`) on a measure, its
    payload decoded as `help_steps.help_steps` does (decision 0020), in (date, seq) order.
    Derived from the events on every write; `timeline-rebuild` checks and repairs it."""

    event_id = models.TextField()  # the event's external id
    ref = models.TextField(null=True)  # the request, registration or consultation it answers
    help_type = models.TextField(null=True)
    provider = models.TextField(null=True)
    urgent = models.BooleanField(default=False)
    text = models.TextField(null=True)  # a reason, decision or answer
    meeting = models.DateField(null=True)  # an expert table's meeting date

    class Meta(Step.Meta):
        verbose_name = "leesmodel hulpvragen (stap)"
        verbose_name_plural = "leesmodel hulpvragen (stappen)"
