from ketenzicht.chain.services import rebuild_projections
from ketenzicht.timeline.rebuild_command import RebuildCommand


class Command(RebuildCommand):
    help = (
        "Bereken de afgeleide kolommen van trajecten (schakel, regiehouder, overdracht, afloop, "
        "Raad van het verzoek tot onderzoek) opnieuw uit de trajectevents."
    )
    source = "trajectevents"

    def rebuild(self, fix: bool) -> list[str]:
        return rebuild_projections(fix=fix)
