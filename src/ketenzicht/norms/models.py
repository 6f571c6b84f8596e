"""Per-organisation terms for the norms whose term DOMAIN.md calls configurable."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ketenzicht.reference.models import Organisation

from .calendar import Term, Unit
from .catalogue import CONFIGURABLE, NORMS
from .priority import MAX_WEIGHT, MIN_WEIGHT


class NormSetting(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="norm_settings",
        verbose_name="organisatie",
        limit_choices_to={"type": "gi"},
    )
    norm_id = models.CharField(
        "norm", max_length=40, choices=[(n, NORMS[n].title) for n in CONFIGURABLE]
    )
    term_value = models.PositiveSmallIntegerField("termijn (aantal)")
    term_unit = models.CharField(
        "termijn (eenheid)",
        max_length=20,
        choices=[
            ("days", "dagen"),
            ("working_days", "werkdagen"),
            ("weeks", "weken"),
            ("months", "maanden"),
        ],
    )

    class Meta:
        verbose_name = "norminstelling"
        verbose_name_plural = "norminstellingen"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "norm_id"], name="normsetting_unique_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(term_value__gt=0), name="normsetting_term_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {NORMS[self.norm_id].title} {self.term.label()}"

    @property
    def term(self) -> Term:
        return Term(self.term_value, Unit(self.term_unit))


class NormWeight(models.Model):
    """How much an overdue norm weighs on a GI's worklists (1-5; issue 16, `priority`). Orders
    the list only: a norm's status never depends on it."""

    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="norm_weights",
        verbose_name="organisatie",
        limit_choices_to={"type": "gi"},
    )
    norm_id = models.CharField("norm", max_length=40, choices=[(n, NORMS[n].title) for n in NORMS])
    weight = models.PositiveSmallIntegerField(
        "gewicht (1 licht - 5 zwaar)",
        validators=[MinValueValidator(MIN_WEIGHT), MaxValueValidator(MAX_WEIGHT)],
    )

    class Meta:
        verbose_name = "normgewicht"
        verbose_name_plural = "normgewichten"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "norm_id"], name="normweight_unique_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=MIN_WEIGHT, weight__lte=MAX_WEIGHT),
                name="normweight_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {NORMS[self.norm_id].title} gewicht {self.weight}"


class ReadState(models.Model):
    """The read model of one measure (`readmodel`): for which reference dates its stored
    instances are a fresh evaluation, under which catalogue and configuration. Derived from the
    events; `timeline-rebuild` checks and repairs it."""

    measure = models.OneToOneField(
        "timeline.Measure", models.CASCADE, primary_key=True, related_name="norm_read_state"
    )
    valid_from = models.DateField(null=True)  # None: any date before valid_until
    valid_until = models.DateField(null=True)  # inclusive; None: no end
    key = models.CharField(max_length=64)  # `readmodel.fingerprint` of catalogue and config

    class Meta:
        verbose_name = "leesmodel normen (maatregel)"
        verbose_name_plural = "leesmodel normen (maatregelen)"

    def __str__(self) -> str:
        return f"leesmodel normen van maatregel {self.measure_id}"


class InstanceRow(models.Model):
    """One due instance of a norm on a measure, as the engine gives it on the read state's
    dates; open versus overdue is decided at read time by the reference date."""

    measure = models.ForeignKey("timeline.Measure", models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()  # the engine's order within the measure
    norm_id = models.CharField(max_length=40)
    trigger_date = models.DateField()
    due_date = models.DateField()
    met_date = models.DateField(null=True)
    event_id = models.CharField(max_length=100, null=True)
    status = models.CharField(max_length=20)  # on valid_from; open/overdue re-decided on read
    variant = models.CharField(max_length=100)

    class Meta:
        verbose_name = "leesmodel normen (instantie)"
        verbose_name_plural = "leesmodel normen (instanties)"
        constraints = [
            models.UniqueConstraint(fields=["measure", "position"], name="instancerow_position")
        ]

    def __str__(self) -> str:
        return f"{self.norm_id} op maatregel {self.measure_id}, vervalt {self.due_date}"
