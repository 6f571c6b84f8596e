from django import forms

from ketenzicht.reference.models import Municipality, Organisation
from ketenzicht.timeline.domain import codes


class DateInput(forms.DateInput):
    """A native date picker; its value must be ISO whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's name)
        super().__init__(attrs, format)


class EscalateForm(forms.Form):
    measure = forms.ChoiceField(label="Maatregel")
    rung = forms.ChoiceField(label="Naar trede")
    date = forms.DateField(label="Datum", widget=DateInput)
    reason = forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, measures=(), rungs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(m.external_id, str(m)) for m in measures]
        self.fields["rung"].choices = [(r.key, f"{r.position}. {r.label}") for r in rungs]


class DeescalateForm(forms.Form):
    measure = forms.ChoiceField(label="Maatregel")
    rung = forms.ChoiceField(label="Naar trede", required=False)
    date = forms.DateField(label="Datum", widget=DateInput)
    reason = forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 3}))

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
    summary = forms.CharField(
        label="Wat er gebeurde (in grote lijnen)",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Geen namen, geen BSN, geen adres: deze tekst gaat naar gemeenten en regio.",
    )
    spokesperson = forms.CharField(
        label="Woordvoering", max_length=200, help_text="Wie staat de pers te woord?"
    )
    contact = forms.CharField(
        label="Contactpersoon", max_length=200, help_text="Naam en telefoonnummer."
    )

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(m.external_id, str(m)) for m in measures]


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
    summary = forms.CharField(
        label="Scenario (wat er gebeurde)",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    spokesperson = forms.CharField(label="Woordvoering", max_length=200)
    contact = forms.CharField(label="Contactpersoon", max_length=200)

    def clean(self):
        data = super().clean()
        r, s = data.get("responsible"), data.get("stay")
        if r and s and r.jeugdbeschermingsregio_id != s.jeugdbeschermingsregio_id:
            self.add_error("stay", "Kies een gemeente in dezelfde regio als de verantwoordelijke.")
        return data


class ReviewForm(forms.Form):
    held_on = forms.DateField(label="Datum evaluatie", widget=DateInput)
    findings = forms.CharField(label="Bevindingen", widget=forms.Textarea(attrs={"rows": 5}))


class RecommendationForm(forms.Form):
    text = forms.CharField(label="Aanbeveling", widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(label="Eigenaar", max_length=200)
    owner_organisation = forms.ModelChoiceField(
        label="Organisatie van de eigenaar", queryset=Organisation.objects.all()
    )
    due_date = forms.DateField(label="Uiterste datum", widget=DateInput)


class CloseRecommendationForm(forms.Form):
    recommendation = forms.IntegerField(widget=forms.HiddenInput)
    closing_note = forms.CharField(label="Toelichting afronding", max_length=2000)
