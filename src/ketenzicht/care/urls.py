from django.urls import path

from . import assign_many
from .views import consultations, counts, help, waiting

app_name = "care"

urlpatterns = [
    path("", waiting.waiting_list, name="waiting_list"),
    path("toewijzen/", waiting.assign, name="assign"),
    path("toewijzen/meerdere/", assign_many.assign_many, name="assign_many"),
    path("ruisdossier/", waiting.ruis, name="ruis"),
    path("peildatum/", counts.counts, name="counts"),
    path("peildatum/csv/", counts.counts_csv, name="counts_csv"),
    path("effecten/", counts.effects, name="effects"),
    path("hulp/", help.help_view, name="help"),
    path("hulp/voorrang/", help.give_priority, name="give_priority"),
    path("hulp/afstemmen/", help.send_consultation, name="send_consultation"),
    path("experttafel/", help.expert_table, name="expert_table"),
    path("experttafel/aanmelden/", help.expert_register, name="expert_register"),
    path("experttafel/besluit/", help.expert_decision, name="expert_decision"),
    path("afstemming/", consultations.consultations, name="consultations"),
    path("afstemming/beantwoorden/", consultations.answer, name="answer"),
]
