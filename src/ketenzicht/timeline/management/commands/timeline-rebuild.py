from ketenzicht.timeline.rebuild_command import RebuildCommand
from ketenzicht.timeline.services import rebuild_projections


class Command(RebuildCommand):
    help = (
        "Bereken de afgeleide kolommen van maatregelen en jeugdigen (start, einddatum, GI, "
        "toewijzing, plaats) opnieuw uit de events."
    )

    def rebuild(self, fix: bool) -> list[str]:
        return rebuild_projections(fix=fix)
