"""The OpenAPI document (public: it holds no data), a Dutch page for people that reads it, and
problem+json for every unknown path under /api/v1."""

from __future__ import annotations

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.permissions import AllowAny

from ketenzicht.access.policy import API_SCOPES

from ..problems import Problem
from .base import API_VERSION, ApiView


class OpenApiDocument(SpectacularJSONAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = API_VERSION
        return response


class NotFound(ApiView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        raise Problem(404, "Niet gevonden", "Deze resource bestaat niet in API v1.")


METHODS = ("get", "post", "put", "patch", "delete")


def human_page(request):
    document = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, item in document["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            scopes = [s for req in op.get("security", []) for s in req.get("oauth2", [])]
            operations.append(
                {
                    "method": method.upper(),
                    "path": "/api/v1" + path,
                    "tag": (op.get("tags") or [""])[0],
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "scope": ", ".join(scopes),
                    "parameters": [
                        p["name"] for p in op.get("parameters", []) if p["in"] == "query"
                    ],
                }
            )
    response = render(
        request,
        "api/docs.html",
        {
            "info": document["info"],
            "operations": operations,
            "scopes": sorted(API_SCOPES.items()),
        },
    )
    response["API-Version"] = API_VERSION
    return response
