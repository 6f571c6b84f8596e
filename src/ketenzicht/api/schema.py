"""The OpenAPI document: operations documented where they are declared (`document`), and one
postprocessing hook that applies the NL GOV API Design Rules to every operation: the API-Version
header on each success, problem+json for each error, the OAuth2 scope each operation needs, and
the request records taken from the exchange format's own JSON Schema (interop.schema), so the
API and the file format cannot describe a record differently."""

from __future__ import annotations

import copy
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from ketenzicht.access.policy import API_SCOPES
from ketenzicht.interop.schema import build_schema

from .writes import EVENT_BATCH, TRAJECTORY_BATCH

SCOPE_KEY = "x-ketenzicht-scope"
REQUEST_KEY = "x-ketenzicht-request"
PAGE_PARAMS = [
    OpenApiParameter("page", int, description="Paginanummer (vanaf 1)."),
    OpenApiParameter(
        "pageSize", int, description="Aantal per pagina (standaard 100, hoogstens 1000)."
    ),
]
_paged: dict[type, type] = {}


def paginated(item: type[serializers.Serializer]) -> type[serializers.Serializer]:
    if item not in _paged:
        name = "Paged" + item.__name__.removesuffix("Serializer")
        _paged[item] = type(
            f"{name}Serializer",
            (serializers.Serializer,),
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": item(many=True),
            },
        )
    return _paged[item]


def document(
    tag: str,
    summary: str,
    response: Any,
    *,
    many: bool = False,
    params: list[OpenApiParameter] | None = None,
    method: str = "GET",
    request: str | None = None,
    created: bool = False,
    description: str = "",
):
    """Document one method of an ApiView class: its response, parameters and (by name) the
    exchange-format record it takes; the scope comes from the class's `scopes`."""

    def decorate(cls):
        scope = cls.scopes[method]
        responses: dict[int, Any] = {200: paginated(response) if many else response}
        if created:
            responses[201] = OpenApiResponse(response, description="Nieuw aangemaakt.")
        extensions = {SCOPE_KEY: scope}
        if request:
            extensions[REQUEST_KEY] = request
        name = method.lower()
        setattr(
            cls,
            name,
            extend_schema(
                operation_id=cls.__name__[0].lower()
                + cls.__name__[1:]
                + ("" if method == "GET" else method.capitalize()),
                tags=[tag],
                summary=summary,
                description=description or None,
                parameters=[*(params or []), *(PAGE_PARAMS if many else [])],
                request=None,
                responses=responses,
                extensions=extensions,
            )(getattr(cls, name)),
        )
        return cls

    return decorate


def record_component(kind: str) -> str:
    return kind


# --------------------------------------------------------------------------- the hook

PROBLEM = {
    "type": "object",
    "description": "Foutmelding volgens RFC 9457 (application/problem+json), in het Nederlands.",
    "properties": {
        "type": {"type": "string", "description": "Soort fout (about:blank)."},
        "title": {"type": "string", "description": "Korte omschrijving van de soort fout."},
        "status": {"type": "integer", "description": "De HTTP-statuscode."},
        "detail": {"type": "string", "description": "Uitleg bij deze fout."},
        "instance": {"type": "string", "description": "Het pad van de aanvraag."},
        "invalidParams": {
            "type": "array",
            "description": "Per fout: record en veld (name), id van het record en de reden.",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "description": "Bijv. events[3].date."},
                    "id": {"type": "string", "description": "Het id van het record."},
                    "reason": {"type": "string"},
                },
                "required": ["name", "reason"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
ERRORS = {
    "400": "Ongeldige aanvraag: elk veld met de reden staat in invalidParams.",
    "401": "Geen of geen geldig toegangstoken.",
    "403": "De client mag dit niet (scope of bereik van de organisatie).",
    "404": "Bestaat niet of valt buiten het bereik van de client.",
    "406": "Alleen application/json is beschikbaar.",
    "409": "Een event bestaat al met andere inhoud (events zijn onveranderlijk).",
    "413": "Te grote aanvraag of batch.",
    "415": "De inhoud moet application/json zijn.",
    "429": "Te veel verzoeken van deze client; zie Retry-After.",
    "500": "Interne fout.",
}
WRITE_ERRORS = ("409", "413", "415")


def _request_schemas() -> dict[str, dict[str, Any]]:
    """Record schemas of the exchange format without their `kind` (the batch key says it)."""
    defs = build_schema()["$defs"]
    out: dict[str, dict[str, Any]] = {}
    for kind, name in (
        ("team", "TeamRecord"),
        ("worker", "WorkerRecord"),
        ("youth", "YouthRecord"),
        ("measure", "MeasureRecord"),
        ("event", "EventRecord"),
        ("staff_event", "StaffEventRecord"),
        ("trajectory", "TrajectoryRecord"),
        ("trajectory_event", "TrajectoryEventRecord"),
    ):
        schema = copy.deepcopy(defs[kind])
        schema["properties"].pop("kind", None)
        schema["required"] = [r for r in schema["required"] if r != "kind"]
        schema.pop("allOf", None)  # per-type data: documented in the exchange format
        if kind in ("event", "trajectory_event"):
            schema["properties"]["data"] = {
                "type": "object",
                "description": "De velden van dit soort event (zie docs/exchange-format.md).",
            }
        out[name] = schema
    out["Batch"] = _batch(
        "Eén batch: alles of niets. Alleen events is verplicht; nieuwe jeugdigen en maatregelen "
        "komen mee in dezelfde batch als hun eerste events.",
        EVENT_BATCH,
        "events",
    )
    out["TrajectoryBatch"] = _batch(
        "Eén batch van trajecten (issue 18): alles of niets. Alleen trajectory_events is "
        "verplicht; een nieuw traject en zijn jeugdige komen mee in dezelfde batch als de "
        "zorgmelding.",
        TRAJECTORY_BATCH,
        "trajectory_events",
    )
    return out


RECORD_SCHEMA = {
    "teams": "TeamRecord",
    "workers": "WorkerRecord",
    "youths": "YouthRecord",
    "measures": "MeasureRecord",
    "events": "EventRecord",
    "staff_events": "StaffEventRecord",
    "trajectories": "TrajectoryRecord",
    "trajectory_events": "TrajectoryEventRecord",
}


def _batch(description: str, keys: tuple[str, ...], required: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": {
            key: {"type": "array", "items": {"$ref": f"#/components/schemas/{RECORD_SCHEMA[key]}"}}
            for key in keys
        },
        "required": [required],
        "additionalProperties": False,
    }


def _put_schema(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a PUT body: the id is in the path (may be repeated in the body)."""
    schema = copy.deepcopy(record)
    schema["required"] = [r for r in schema["required"] if r != "id"]
    return schema


def nl_gov_rules(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = PROBLEM
    records = _request_schemas()
    schemas.update(records)
    components["headers"] = {
        "API-Version": {
            "description": "De volledige versie van de API (semver).",
            "schema": {"type": "string", "example": result["info"]["version"]},
        }
    }
    components["securitySchemes"] = {
        "oauth2": {
            "type": "oauth2",
            "description": "OAuth2 client credentials: één client per organisatie.",
            "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": API_SCOPES}},
        }
    }
    result["security"] = [{"oauth2": []}]
    for path, path_item in result.get("paths", {}).items():
        for method, op in path_item.items():
            if method not in ("get", "put", "post", "patch", "delete"):
                continue
            scope = op.pop(SCOPE_KEY, None)
            op["security"] = [{"oauth2": [scope] if scope else []}]
            request_kind = op.pop(REQUEST_KEY, None)
            if request_kind:
                name = {
                    "youth": "YouthRecord",
                    "measure": "MeasureRecord",
                    "batch": "Batch",
                    "trajectory_batch": "TrajectoryBatch",
                }[request_kind]
                batch = request_kind.endswith("batch")
                body = records[name] if batch else _put_schema(records[name])
                op["requestBody"] = {
                    "required": True,
                    "content": {"application/json": {"schema": body}},
                }
            for code, response in op.get("responses", {}).items():
                if code.startswith(("2", "3")):
                    response.setdefault("headers", {})["API-Version"] = {
                        "$ref": "#/components/headers/API-Version"
                    }
            wanted = ["400", "401", "403", "406", "429", "500"]
            if "{" in path:
                wanted.append("404")
            if method in ("put", "post", "patch"):
                wanted += WRITE_ERRORS
            for code in sorted(wanted):
                op["responses"].setdefault(
                    code,
                    {
                        "description": ERRORS[code],
                        "content": {
                            "application/problem+json": {
                                "schema": {"$ref": "#/components/schemas/Problem"}
                            }
                        },
                    },
                )
                if code in ("401", "429"):
                    header = "WWW-Authenticate" if code == "401" else "Retry-After"
                    op["responses"][code]["headers"] = {header: {"schema": {"type": "string"}}}
    return result


class ClientAuthenticationScheme(OpenApiAuthenticationExtension):
    """Tells drf-spectacular that ClientAuthentication is OAuth2 (the hook fills in the flow and
    the scope of each operation)."""

    target_class = "ketenzicht.api.auth.ClientAuthentication"
    name = "oauth2"

    def get_security_definition(self, auto_schema):
        return {"type": "oauth2", "flows": {}}
