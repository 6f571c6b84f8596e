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
