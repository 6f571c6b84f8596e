"""What every API view shares: the version header, body limits, paging, the reference date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

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
    pages = Pages()
    page = pages.paginate_queryset(items, request, view=view)
    return pages.get_paginated_response(serializer(page, many=True).data)


def reference_date(request) -> dt.date:
    """`?peildatum=JJJJ-MM-DD` (default today, Europe/Amsterdam); never in the future."""
    today = timezone.localdate()
    raw = request.query_params.get("peildatum")
    if raw is None:
        return today
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise Problem(
            400,
            "Ongeldige aanvraag",
            "peildatum: geef een datum als JJJJ-MM-DD.",
            [{"name": "peildatum", "reason": "geen geldige datum (JJJJ-MM-DD)."}],
        ) from None
    if day > today:
        raise Problem(
            400,
            "Ongeldige aanvraag",
            "peildatum: ligt in de toekomst.",
            [{"name": "peildatum", "reason": "ligt in de toekomst."}],
        )
    return day
