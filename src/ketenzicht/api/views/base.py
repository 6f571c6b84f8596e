"""What every API view shares: the version header, body limits, paging, the reference date."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht import clock, peildatum

from ..problems import Problem

API_VERSION = "1.0.0"


class ApiView(APIView):
    """Base of every resource: `scopes` maps a method to the scope it needs (auth.HasScope)."""

    scopes: dict[str, str] = {}

    def initial(self, request, *args, **kwargs):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isascii() and length.isdigit() and int(length) > settings.KETENZICHT_API_MAX_BODY:
            raise Problem(
                413,
                "Aanvraag te groot",
                f"De inhoud is {int(length)} bytes; het maximum is "
                f"{settings.KETENZICHT_API_MAX_BODY} bytes. Stuur kleinere batches.",
            )
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = API_VERSION
        return response


def whole_number(request, name: str, default: int, lowest: int, highest: int) -> int:
    """A query parameter that must be a whole number within [lowest, highest]; 400 otherwise."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    if not DIGITS.fullmatch(raw) or not lowest <= int(raw) <= highest:
        reason = f"verwacht een geheel getal van {lowest} tot en met {highest}."
        raise Problem(
            400, "Ongeldige aanvraag", f"{name}: {reason}", [{"name": name, "reason": reason}]
        )
    return int(raw)


DIGITS = re.compile(r"[0-9]{1,18}")
MAX_NUMBER = 10**18 - 1


class Pages(PageNumberPagination):
    page_size = 100
    page_query_param = "page"
    page_size_query_param = "pageSize"
    max_page_size = 1000
    invalid_page_message = "Deze pagina bestaat niet."

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        out = super().get_paginated_response_schema(schema)
        out["required"] = ["count", "next", "previous", "results"]
        return out

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )


def paged(view: ApiView, request, items, serializer) -> Response:
    """One page of `items` (`page` from 1, `pageSize` 1-1000); a page past the last is a 400."""
    whole_number(request, "page", 1, 1, MAX_NUMBER)
    whole_number(request, "pageSize", Pages.page_size, 1, Pages.max_page_size)
    pages = Pages()
    try:
        page = pages.paginate_queryset(items, request, view=view)
    except NotFound:
        reason = "deze pagina bestaat niet (voorbij de laatste)."
        raise Problem(
            400, "Ongeldige aanvraag", f"page: {reason}", [{"name": "page", "reason": reason}]
        ) from None
    return pages.get_paginated_response(serializer(page, many=True).data)


def reference_date(request) -> dt.date:
    """`?peildatum=JJJJ-MM-DD` (default today, Europe/Amsterdam); never in the future. Parsed
    by the one helper the screens use too (`ketenzicht.peildatum`)."""
    try:
        return peildatum.parse(request.query_params.get(peildatum.PARAM), clock.today())
    except peildatum.PeildatumError as exc:
        raise Problem(
            400,
            "Ongeldige aanvraag",
            f"peildatum: {exc.reason}",
            [{"name": peildatum.PARAM, "reason": exc.reason}],
        ) from None
