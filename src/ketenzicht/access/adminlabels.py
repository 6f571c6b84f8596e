"""Every control in /beheer/ has an accessible name (issue 19, WCAG 1.3.1 / 4.1.2).

Django's admin leaves two kinds of controls without a label:
- the rows of a tabular inline (escalation-ladder rungs, rota members, role grants): the
  column header is a <th>, not a <label>, and the delete checkbox has none at all;
- the second half of a split date/time field (the time), and its first half is labelled by the
  field's label only.

`AccessibleAdminMixin` (given to every model admin by `KetenzichtAdminSite.register`) names them
with aria-label: "Rol (rij 2)", "Geldig vanaf: datum", "Geldig vanaf: tijd". Autocomplete
comboboxes (select2) take the name of their <select> in static/ketenzicht/ketenzicht.js.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.utils.text import capfirst

SPLIT_PARTS = ("datum", "tijd")


def _inner(widget):
    """The widget that renders the control (the admin wraps foreign keys in a wrapper that adds
    the add/change links)."""
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def name_widget(widget, name: str) -> None:
    """Give the control(s) of a widget an accessible name; each part of a split date/time
    field its own ("<name>: datum", "<name>: tijd")."""
    widget = _inner(widget)
    if isinstance(widget, forms.MultiWidget):
        parts = SPLIT_PARTS if len(widget.widgets) == 2 else range(1, len(widget.widgets) + 1)
        for sub, part in zip(widget.widgets, parts, strict=False):
            sub.attrs["aria-label"] = f"{name}: {part}"
    elif not widget.is_hidden:
        widget.attrs["aria-label"] = name


class RowLabelledFormSetMixin:
    """A tabular inline's rows: each control named after its column and its row number."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = "nieuwe rij" if index is None else f"rij {index + 1}"
        for field_name, field in form.fields.items():
            if field_name == DELETION_FIELD_NAME:
                label = "Verwijderen"
            elif field_name == ORDERING_FIELD_NAME:
                label = "Volgorde"
            else:
                label = capfirst(field.label or field_name.replace("_", " "))
            name_widget(field.widget, f"{label} ({row})")


class AccessibleAdminMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(_inner(formfield.widget), forms.MultiWidget):
            name_widget(formfield.widget, capfirst(formfield.label or db_field.verbose_name))
        return formfield

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if isinstance(inline, admin.TabularInline):
                formset = type(formset.__name__, (RowLabelledFormSetMixin, formset), {})
            yield formset, inline
