from ketenzicht.timeline.rebuild_command import DERIVED, RebuildCommand
from ketenzicht.timeline.services import rebuild_projections


class Command(RebuildCommand):
    help = (
        "Bereken de afgeleide kolommen van maatregelen en jeugdigen (start, einddatum, GI, "
        "toewijzing, plaats) en de leesmodellen (normen) opnieuw uit de events."
    )

    def rebuild(self, fix: bool) -> list[str]:
        out = rebuild_projections(fix=fix)
        for derived in DERIVED:
            out += derived(fix)
        return out
