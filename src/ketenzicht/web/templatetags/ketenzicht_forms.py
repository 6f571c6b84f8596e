"""The NL Design System form pattern, once for every page (issue 19): when a page comes back
with errors, an error summary at the top of the content (it receives the focus, and links to
each field with an error) and "Fout: " before the page title.

Both tags find the errors themselves, in the template context: every bound form or formset with
errors, and every Django message of level error (the screens that redirect after a failed POST
report through messages). So a new form gets the pattern without its template doing anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.contrib.admin.helpers import AdminForm, InlineAdminFormSet
from django.contrib.messages import constants
from django.forms import BaseForm, MultiWidget
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class Problem:
    text: str
    target: str = ""  # id of the field to jump to ("" for an error of the whole page)


def _bound_forms(context) -> list[BaseForm | BaseFormSet]:
    """Bound forms and formsets in the context; in /beheer/ also those inside the admin's
    wrappers (AdminForm, the inline formsets)."""
    candidates = []
    for value in context.flatten().values():
        if isinstance(value, AdminForm):
            candidates.append(value.form)
        elif isinstance(value, list | tuple):
            candidates += [v.formset for v in value if isinstance(v, InlineAdminFormSet)]
        else:
            candidates.append(value)
    out, seen = [], set()
    for value in candidates:
        if isinstance(value, BaseForm | BaseFormSet) and value.is_bound and id(value) not in seen:
            seen.add(id(value))
            out.append(value)
    return out


def _field_target(bound_field) -> str:
    """The id of the control a summary link should focus: the input, or the first option of a
    group of radio buttons or checkboxes."""
    if bound_field.is_hidden:
        return ""
    widget = bound_field.field.widget
    while hasattr(widget, "widget"):  # the admin's wrapper around foreign keys
        widget = widget.widget
    if isinstance(widget, MultiWidget):  # split date/time: the date
        return f"{bound_field.auto_id}_0" if bound_field.auto_id else ""
    target = bound_field.id_for_label
    if not target:
        subwidgets = bound_field.subwidgets
        target = subwidgets[0].id_for_label if subwidgets else ""
    return target or ""


def _form_problems(form: BaseForm, row: str = "") -> list[Problem]:
    out = []
    first = next((_field_target(bf) for bf in form.visible_fields()), "")
    for name, errors in form.errors.items():
        if name in form.fields:
            bf = form[name]
            label, target = f"{bf.label or name}{row}", _field_target(bf)
            for e in errors:
                # The text names the field (unless the message does so already).
                named = str(e).startswith(str(bf.label)) and not row
                out.append(Problem(str(e) if named else f"{label}: {e}", target))
        else:
            out += [Problem(f"{row.strip(' ()')}: {e}" if row else str(e), first) for e in errors]
    return out


def _problems(context) -> list[Problem]:
    out: list[Problem] = []
    for form in _bound_forms(context):
        if isinstance(form, BaseFormSet):
            out += [Problem(str(e)) for e in form.non_form_errors()]
            for i, f in enumerate(form.forms, start=1):
                out += _form_problems(f, row=f" (rij {i})")
        else:
            out += _form_problems(form)
    for message in context.get("messages") or ():
        if message.level == constants.ERROR:
            out.append(Problem(str(message)))
    return out


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Fout: " when the page shows errors (WCAG 3.3.1: the title says so first)."""
    return "Fout: " if _problems(context) else ""


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context) -> dict:
    return {"problems": _problems(context)}
