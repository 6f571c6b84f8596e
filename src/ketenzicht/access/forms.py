from django import forms

from ketenzicht.widgets import DateInput


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code uit uw authenticator-app",
        min_length=6,
        max_length=6,
        help_text="Zes cijfers; de code verandert elke 30 seconden.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={
            "required": "Vul de code in.",
            "min_length": "De code bestaat uit zes cijfers.",
            "max_length": "De code bestaat uit zes cijfers.",
        },
    )

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not token.isdigit():
            raise forms.ValidationError("De code bestaat uit zes cijfers.")
        return token


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Reden",
        min_length=20,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom moet u dit dossier nu inzien? De privacy officer beoordeelt dit.",
        error_messages={
            "required": "Geef een reden op.",
            "min_length": "Geef een reden van minstens 20 tekens.",
        },
    )


class AccessLogSearchForm(forms.Form):
    youth = forms.CharField(label="Jeugdige (dossiernummer of BSN)", required=False, max_length=64)
    username = forms.CharField(label="Gebruikersnaam", required=False, max_length=150)
    date_from = forms.DateField(label="Vanaf", required=False, widget=DateInput)
    date_to = forms.DateField(label="Tot en met", required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if not data.get("youth") and not data.get("username"):
            raise forms.ValidationError("Zoek op een jeugdige of op een gebruiker.")
        return data


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="Oordeel",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Schrijf uw oordeel op."},
    )


class GrantDecisionForm(forms.Form):
    """The second person's decision on a pending role grant (four eyes)."""

    decision = forms.ChoiceField(
        choices=[("approve", "Goedkeuren"), ("reject", "Afwijzen")],
        error_messages={"required": "Kies goedkeuren of afwijzen."},
    )
    note = forms.CharField(
        label="Toelichting",
        required=False,
        max_length=500,
        help_text="Nodig bij afwijzen: waarom niet?",
        error_messages={"max_length": "De toelichting is te lang (hoogstens 500 tekens)."},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note", "").strip():
            raise forms.ValidationError("Geef bij afwijzen een toelichting.")
        return data
