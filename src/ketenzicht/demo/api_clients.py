"""Demo API clients with public, fixed credentials (docs/api.md uses them in its examples): the
case system of GI Jeugdbescherming west and the BI tool of the municipality of 's-Gravenhage.
Development and demo only: a real client gets a random secret, shown once (beheer)."""

from __future__ import annotations

from ketenzicht.access.policy import api_scopes_allowed
from ketenzicht.api.models import ApiClient
from ketenzicht.api.services import create_client
from ketenzicht.reference.models import Organisation

DEMO_CLIENTS = (
    ("GI-JBW", "Zaaksysteem (demo)", "demo-zaaksysteem-jbw", "demo-geheim-zaaksysteem-jbw"),
    ("GEM-0518", "BI gemeente (demo)", "demo-bi-gemeente-0518", "demo-geheim-bi-gemeente-0518"),
)


def ensure_demo_api_clients() -> list[tuple[str, str, str]]:
    """(name, client id, secret) of each demo client; created once, approved."""
    out = []
    for org_id, name, client_id, secret in DEMO_CLIENTS:
        org = Organisation.objects.filter(external_id=org_id).first()
        if org is None:
            continue
        if not ApiClient.objects.filter(application__client_id=client_id).exists():
            create_client(
                org,
                name,
                sorted(api_scopes_allowed(org.type)),
                approved=True,
                client_id=client_id,
                secret=secret,
            )
        out.append((f"{name}, {org.name}", client_id, secret))
    return out
