from django import forms

from ketenzicht.reference.models import Municipality, Organisation
from ketenzicht.timeline.domain import codes
from ketenzicht.widgets import DateInput

from .domain import INCIDENT_STATUSES, MAX_LENGTHS
from .services import REPORT_TEXTS, report_text_problems


def limited(field: str, **kwargs) -> forms.CharField:
    """A text field with the domain's maximum length and a Dutch message when it is longer."""
    limit = MAX_LENGTHS[field][0]
    return forms.CharField(
        max_length=limit,
        error_messages={
            "max_length": f"Hoogstens {limit} tekens (nu %(show_value)d); maak het korter.",
            "required": "Dit veld is verplicht.",
        },
        **kwargs,
    )


class EscalateForm(forms.Form):
    measure = forms.ChoiceField(label="Maatregel")
    rung = forms.ChoiceField(label="Naar trede")
    date = forms.DateField(label="Datum", widget=DateInput)
    reason = limited("reason", label="Reden", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, measures=(), rungs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(m.external_id, str(m)) for m in measures]
        self.fields["rung"].choices = [(r.key, f"{r.position}. {r.label}") for r in rungs]


class DeescalateForm(forms.Form):
    measure = forms.ChoiceField(label="Maatregel")
    rung = forms.ChoiceField(label="Naar trede", required=False)
    date = forms.DateField(label="Datum", widget=DateInput)
    reason = limited("reason", label="Reden", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, measures=(), rungs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(m.external_id, str(m)) for m in measures]
        self.fields["rung"].choices = [
            ("", "Niet meer opgeschaald"),
            *[(r.key, f"{r.position}. {r.label}") for r in rungs],
        ]


class IncidentForm(forms.Form):
    measure = forms.ChoiceField(label="Maatregel")
    kind = forms.ChoiceField(label="Soort", choices=list(codes.INCIDENT_KINDS.items()))
    occurred_on = forms.DateField(label="Datum van het incident", widget=DateInput)
    summary = limited(
        "summary",
        label="Wat er gebeurde (in grote lijnen)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Geen namen, geen BSN, geen geboortedatum, geen adres: deze tekst gaat naar "
        "gemeenten, het bestuur van de GI en de regio.",
    )
    spokesperson = limited(
        "spokesperson", label="Woordvoering", help_text="Wie staat de pers te woord?"
    )
    contact = limited("contact", label="Contactpersoon", help_text="Naam en telefoonnummer.")

    def __init__(self, *args, measures=(), youth=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.youth = youth
        self.fields["measure"].choices = [(m.external_id, str(m)) for m in measures]

    def clean(self):
        """Refuse, per field, free text that may identify the child (issue 11, finding 9)."""
        data = super().clean()
        if self.youth is not None:
            texts = {name: data[name] for name in REPORT_TEXTS if data.get(name)}
            for name, message in report_text_problems(self.youth, texts).items():
                self.add_error(name, message)
        return data


class ExerciseForm(forms.Form):
    gi = forms.ModelChoiceField(
        label="Gecertificeerde instelling", queryset=Organisation.objects.filter(type="gi")
    )
    responsible = forms.ModelChoiceField(
        label="Verantwoordelijke gemeente", queryset=Municipality.objects.all()
    )
    stay = forms.ModelChoiceField(
        label="Gemeente van verblijf", queryset=Municipality.objects.all()
    )
    kind = forms.ChoiceField(label="Soort", choices=list(codes.INCIDENT_KINDS.items()))
    age = forms.IntegerField(label="Leeftijd (fictief)", min_value=0, max_value=23, initial=14)
    measure_type = forms.ChoiceField(
        label="Maatregel (fictief)",
        choices=[(c, v[0]) for c, v in codes.MEASURE_TYPES.items()],
        initial=codes.OTS,
    )
    summary = limited(
        "summary", label="Scenario (wat er gebeurde)", widget=forms.Textarea(attrs={"rows": 3})
    )
    spokesperson = limited("spokesperson", label="Woordvoering")
    contact = limited("contact", label="Contactpersoon")

    def clean(self):
        data = super().clean()
        r, s = data.get("responsible"), data.get("stay")
        if r and s and r.jeugdbeschermingsregio_id != s.jeugdbeschermingsregio_id:
            self.add_error("stay", "Kies een gemeente in dezelfde regio als de verantwoordelijke.")
        return data


class ReviewForm(forms.Form):
    held_on = forms.DateField(label="Datum evaluatie", widget=DateInput)
    findings = limited("findings", label="Bevindingen", widget=forms.Textarea(attrs={"rows": 5}))


class RecommendationForm(forms.Form):
    text = limited("text", label="Aanbeveling", widget=forms.Textarea(attrs={"rows": 3}))
    owner = limited("owner", label="Eigenaar")
    owner_organisation = forms.ModelChoiceField(
        label="Organisatie van de eigenaar", queryset=Organisation.objects.all()
    )
    due_date = forms.DateField(label="Uiterste datum", widget=DateInput)


class CloseRecommendationForm(forms.Form):
    recommendation = forms.IntegerField(widget=forms.HiddenInput)
    closing_note = limited("closing_note", label="Toelichting afronding")


class FollowUpForm(forms.Form):
    """A follow-up to the rotas of an incident, setting its status (issue 16)."""

    status = forms.ChoiceField(
        label="Status na dit bericht",
        choices=list(INCIDENT_STATUSES.items()),
        initial="onder_controle",
    )
    text = limited(
        "follow_up",
        label="Vervolgbericht",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Gaat naar iedereen die via de roosters gealarmeerd is. Geen naam, BSN of "
        "andere gegevens waarmee de jeugdige te herkennen is.",
    )
