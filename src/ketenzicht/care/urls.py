from django.urls import path

from . import assign_many, views

app_name = "care"

urlpatterns = [
    path("", views.waiting_list, name="waiting_list"),
    path("toewijzen/", views.assign, name="assign"),
    path("toewijzen/meerdere/", assign_many.assign_many, name="assign_many"),
    path("ruisdossier/", views.ruis, name="ruis"),
    path("peildatum/", views.counts, name="counts"),
    path("peildatum/csv/", views.counts_csv, name="counts_csv"),
    path("effecten/", views.effects, name="effects"),
    path("hulp/", views.help_view, name="help"),
    path("hulp/voorrang/", views.give_priority, name="give_priority"),
    path("hulp/afstemmen/", views.send_consultation, name="send_consultation"),
    path("experttafel/", views.expert_table, name="expert_table"),
    path("experttafel/aanmelden/", views.expert_register, name="expert_register"),
    path("experttafel/besluit/", views.expert_decision, name="expert_decision"),
    path("afstemming/", views.consultations, name="consultations"),
    path("afstemming/beantwoorden/", views.answer, name="answer"),
]
