"""`?peildatum=JJJJ-MM-DD`: the one way a screen, CSV export or API call chooses the reference
date of the norm statuses and counts it shows (issue 14). Without it: today (`clock.today()`).
A date that is not a date, or lies in the future, is refused with a Dutch reason. The view reads
the date once and passes it down; nothing below the views defaults to today.

The screens that take it: the worklists (and their CSV), the KPIs, the case page, the waiting
list, waiting for help, the expert table, effects of waiting, signals, the GI dashboard and its
drill-down, the inspection export; the API's norm results and waiting list (`api.views.base`).
"""

from __future__ import annotations

import datetime as dt

from ketenzicht import clock

PARAM = "peildatum"


class PeildatumError(ValueError):
    """A refused reference date; `reason` is Dutch and names no field (the caller does)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def parse(raw: str | None, today: dt.date) -> dt.date:
    """The reference date in `raw` (empty or None: `today`)."""
    if not raw:
        return today
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise PeildatumError("geen geldige datum (JJJJ-MM-DD).") from None
    if day > today:
        raise PeildatumError("ligt in de toekomst.")
    return day


def from_request(request) -> dt.date:
    """The screen's reference date from its query string; 400 (Dutch page) when refused. A chosen
    date other than today is kept on the request, so the page says which date it shows."""
    from django.core.exceptions import BadRequest

    today = clock.today()
    try:
        day = parse(request.GET.get(PARAM), today)
    except PeildatumError as exc:
        raise BadRequest(
            f"De peildatum {exc.reason[:-1]}: kies een datum als JJJJ-MM-DD, vandaag of eerder."
        ) from None
    if day != today:
        request.kz_peildatum = day
    return day
