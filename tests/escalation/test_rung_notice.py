"""Issue 16, item 3 (last sentence): when a case is escalated, the people the new rung points
to hear about it: every holder of the rung's acting role who sees the case on their escalations
screen (policy.escalation_list_scope) gets a mail through the outbox, sent to the real SMTP
test server, with no name, BSN, dossier number or reason, and a link to the escalations
screen. Informed roles, other teams, other municipalities and unapproved grants get none."""

import datetime as dt

import pytest
from django.urls import reverse

from ketenzicht.access import policy
from ketenzicht.access.models import RoleGrant
from ketenzicht.escalation import ave, outbox
from ketenzicht.escalation.models import OutboxMessage, Rung
from ketenzicht.escalation.selectors import escalated_to_roles
from ketenzicht.reference.models import Municipality, Organisation, Team
from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.models import Measure
from tests.access.conftest import role_users  # noqa: F401  (fixture)
from tests.access.test_escalation_scope import ladder  # noqa: F401  (fixture)
from tests.escalation.conftest import smtp  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)
REASON = "Moeder van Noor weigert elk contact."


@pytest.fixture
def people(role_users, django_user_model):  # noqa: F811
    """Every role user with an address; plus a teamleider of another GI's team, a teamleider of
    the right team whose grant awaits approval, and a wethouder of another municipality."""
    for role, user in role_users.items():
        user.email = f"{role}@jbw.example"
        user.save()

    def extra(name, **grant):
        user = django_user_model.objects.create_user(
            name, password="Wachtwoord-123-abc", email=f"{name}@example.nl"
        )
        RoleGrant.objects.create(user=user, **grant)
        return user

    extra(
        "tl-wss",
        role="teamleider",
        organisation=Organisation.objects.get(external_id="GI-WSS"),
        team=Team.objects.get(external_id="T-WSS"),
        status="approved",
    )
    extra(
        "tl-pending",
        role="teamleider",
        organisation=Organisation.objects.get(external_id="GI-JBW"),
        team=Team.objects.get(external_id="T-DH1"),
        status="pending",
    )
    rijswijk = Organisation.objects.create(
        external_id="GEM-0603",
        name="Gemeente Rijswijk",
        type="gemeente",
        municipality=Municipality.objects.get(cbs_code="GM0603"),
    )
    extra("weth-rijswijk", role="wethouder", organisation=rijswijk, status="approved")
    return role_users


def escalate(key):
    m1 = Measure.objects.get(external_id="M-1")
    return ave.escalate(m1, key, REASON, TODAY, user=None, today=TODAY)


def test_the_teamleider_of_the_case_gets_a_minimal_mail_at_the_smtp_server(
    people,
    ladder,  # noqa: F811
    smtp,  # noqa: F811
    settings,
):
    settings.KETENZICHT_BASE_URL = "https://ketenzicht.example"
    escalate("teamleider")
    # Only the acting role, within the case's scope: not the informed gedragswetenschapper, not
    # the teamleider of another GI, not the grant awaiting approval.
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "teamleider@jbw.example"
    ]
    assert outbox.run_once(owner="test")["sent"] == 1
    mail = smtp.sink.to("teamleider@jbw.example")[0]
    body = mail.get_payload(decode=True).decode()
    assert "opgeschaald naar trede 'teamleider'" in body
    assert "https://ketenzicht.example" + reverse("escalation:escalations") in body
    m1 = Measure.objects.select_related("youth").get(external_id="M-1")
    for secret in (
        m1.youth.given_name,
        m1.youth.family_name,
        m1.youth.external_id,
        m1.external_id,
        m1.youth.bsn,
        REASON,
    ):
        assert secret not in body and secret not in mail["Subject"]


def test_each_rung_mails_its_own_role_and_the_policy_decides(
    people,
    ladder,  # noqa: F811
):
    escalate("gebiedsmanager")
    escalate("bestuur")  # the wethouder is informed on this rung: screen, no mail
    assert sorted(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "gebiedsmanager@jbw.example",
        "gi_bestuurder@jbw.example",
    ]
    # The recipients are exactly the holders of the role whose escalations screen shows it.
    m1 = Measure.objects.get(external_id="M-1")
    for user in policy.escalation_recipients(m1, "gi_bestuurder", escalated_to_roles):
        assert policy.escalation_list_scope(user, escalated_to_roles).filter(pk=m1.pk).exists()


def test_a_municipal_rung_mails_only_the_responsible_municipality(
    people,
    ladder,  # noqa: F811
):
    Rung.objects.create(
        ladder=ladder, position=9, key="gemeente", label="Gemeente", role="wethouder"
    )
    escalate("gemeente")
    # Y-1's responsible municipality is GM0518 ('s-Gravenhage), not Rijswijk.
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "wethouder@jbw.example"
    ]


def test_no_address_no_mail_and_a_failed_escalation_mails_nobody(
    people,
    ladder,  # noqa: F811
):
    people["teamleider"].email = ""
    people["teamleider"].save()
    escalate("teamleider")
    assert not OutboxMessage.objects.exists()
    people["teamleider"].email = "teamleider@jbw.example"
    people["teamleider"].save()
    with pytest.raises(PayloadError):
        escalate("teamleider")  # already on that rung: refused, nothing stored or sent
    assert not OutboxMessage.objects.exists()
