"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """A native date picker (`<input type="date">`). Its value must be ISO (2026-11-30) whatever
    the display language: a Dutch "30-11-2026" is discarded by every browser, and the field then
    shows an empty date although a date is in effect."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's name)
        super().__init__(attrs, format)
