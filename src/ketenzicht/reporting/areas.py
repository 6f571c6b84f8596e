"""The areas a council report is about: a municipality or a region, and the universe of
municipalities suppressed together with it."""

from __future__ import annotations

from dataclasses import dataclass

from ketenzicht.reference.models import Municipality, Region


@dataclass(frozen=True)
class Area:
    key: str  # "GM0518" or "R<pk>"
    name: str
    kind: str  # "gemeente" | "regio"
    municipalities: tuple[tuple[str, str], ...]  # (CBS code, name)

    @property
    def codes(self) -> list[str]:
        return [c for c, _ in self.municipalities]

    @property
    def title(self) -> str:
        return f"gemeente {self.name}" if self.kind == "gemeente" else f"regio {self.name}"


def municipality_area(m: Municipality) -> Area:
    return Area(m.cbs_code, m.name, "gemeente", ((m.cbs_code, m.name),))


def region_area(r: Region) -> Area:
    members = Municipality.objects.filter(
        **{
            "jeugdhulpregio"
            if r.kind == Region.Kind.JEUGDHULPREGIO
            else "jeugdbeschermingsregio": r
        }
    ).order_by("name")
    return Area(f"R{r.pk}", r.name, "regio", tuple((m.cbs_code, m.name) for m in members))


def area_from_key(key: str) -> Area | None:
    if key.startswith("GM"):
        m = Municipality.objects.filter(cbs_code=key).first()
        return municipality_area(m) if m else None
    if key.startswith("R") and key[1:].isdigit():
        r = Region.objects.filter(pk=int(key[1:])).first()
        return region_area(r) if r else None
    return None


def area_by_name(name: str) -> Area | None:
    m = Municipality.objects.filter(cbs_code=name).first() or (
        Municipality.objects.filter(name__iexact=name).first()
    )
    if m:
        return municipality_area(m)
    r = Region.objects.filter(name__iexact=name).order_by("kind").first()
    return region_area(r) if r else None


def universe_of(area: Area) -> Area:
    """The set of municipalities suppressed together: a municipality's report is a part of its
    jeugdhulpregio's, so the two (and the reports of the region's other municipalities) can be
    laid side by side without a suppressed count becoming derivable."""
    if area.kind != "gemeente":
        return area
    m = Municipality.objects.select_related("jeugdhulpregio").get(cbs_code=area.key)
    return region_area(m.jeugdhulpregio)
