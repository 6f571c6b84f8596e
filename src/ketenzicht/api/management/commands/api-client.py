"""`ketenzicht api-client ORGANISATIE NAAM --scopes ...`: create an API client and print its
client id and secret (once)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ketenzicht.access.policy import api_scopes_allowed
from ketenzicht.api.services import create_client
from ketenzicht.reference.models import Organisation


class Command(BaseCommand):
    help = "Maak een API-client voor een organisatie en toon de client-id en het geheim."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="Extern id van de organisatie.")
        parser.add_argument("name", help="Naam van de client, bijv. 'Zaaksysteem'.")
        parser.add_argument(
            "--scopes",
            nargs="*",
            help="Scopes (standaard: alle die de soort organisatie mag hebben).",
        )
        parser.add_argument(
            "--goedgekeurd",
            action="store_true",
            help="De rol meteen goedkeuren (anders keurt een privacy officer of bestuurder "
            "hem goed op /privacy/rollen/).",
        )

    def handle(self, *args, **opts):
        org = Organisation.objects.filter(external_id=opts["organisation"]).first()
        if org is None:
            raise CommandError(f"Organisatie '{opts['organisation']}' bestaat niet.")
        scopes = opts["scopes"] or sorted(api_scopes_allowed(org.type))
        try:
            client, secret = create_client(org, opts["name"], scopes, approved=opts["goedgekeurd"])
        except ValidationError as exc:
            raise CommandError(
                "; ".join(m for ms in exc.message_dict.values() for m in ms)
            ) from None
        self.stdout.write(f"client-id: {client.application.client_id}")
        self.stdout.write(f"geheim:    {secret}  (alleen nu zichtbaar)")
        if not opts["goedgekeurd"]:
            self.stdout.write(
                "De rol wacht op goedkeuring door een tweede persoon (/privacy/rollen/)."
            )
