"""The holder read model (issue 15, item 1): every holder-changing event of every measure,
decoded and in the order the timeline's fold applies them (`care.holders`)."""

from django.db import models


class HolderStep(models.Model):
    """One live event of `domain.HOLDER_TYPES` on a measure, as `domain.holder_steps` reduces it.
    Derived from the events on every write; `timeline-rebuild` checks and repairs it."""

    # No index of its own: the unique (measure, position) serves lookups by measure.
    measure = models.ForeignKey(
        "timeline.Measure", models.CASCADE, related_name="+", db_index=False
    )
    position = models.PositiveIntegerField()  # the fold's order within the measure
    date = models.DateField()
    event_type = models.CharField(max_length=40)
    gi = models.TextField(null=True)
    team = models.TextField(null=True)
    worker = models.TextField(null=True)
    assignment = models.CharField(max_length=40, null=True)

    class Meta:
        verbose_name = "leesmodel houders (stap)"
        verbose_name_plural = "leesmodel houders (stappen)"
        constraints = [
            models.UniqueConstraint(fields=["measure", "position"], name="holderstep_position")
        ]

    def __str__(self) -> str:
        return f"{self.event_type} op {self.date} (maatregel {self.measure_id})"
