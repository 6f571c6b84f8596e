"""Errors as application/problem+json (RFC 9457), in Dutch, for every API response that is not a
success: status, title and detail always; `invalidParams` naming the record and field of each
fault in a refused batch (NL GOV API Design Rules, problem details)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer as BaseJSONRenderer
from rest_framework.response import Response

PROBLEM_JSON = "application/problem+json"


class JSONRenderer(BaseJSONRenderer):
    """JSON, also for problem responses (whose content type the response itself sets)."""

    charset = "utf-8"


class ProblemRenderer(JSONRenderer):
    media_type = PROBLEM_JSON


class Problem(exceptions.APIException):
    """An error with its own status, Dutch title and detail, and optionally invalid params."""

    def __init__(
        self,
        status_code: int,
        title: str,
        detail: str,
        invalid_params: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        self.status_code = status_code
        self.title = title
        self.invalid_params = invalid_params or []
        self.headers = headers or {}
        super().__init__(detail)


TITLES = {
    400: "Ongeldige aanvraag",
    401: "Niet geauthenticeerd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Antwoordformaat niet beschikbaar",
    409: "Conflict",
    413: "Aanvraag te groot",
    415: "Verkeerd inhoudstype",
    422: "Niet verwerkbaar",
    429: "Te veel verzoeken",
    500: "Interne fout",
}


def _detail(exc: exceptions.APIException) -> tuple[str, list[dict[str, Any]]]:
    """A Dutch detail for DRF's own exceptions, and the fields of a validation error."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return "Geef een geldig toegangstoken mee (Authorization: Bearer ...).", []
    if isinstance(exc, exceptions.AuthenticationFailed):
        return str(exc.detail), []
    if isinstance(exc, exceptions.ParseError):
        return f"De inhoud is geen geldige JSON: {exc.detail}", []
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return "Stuur de inhoud als application/json.", []
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "Deze methode is voor deze resource niet toegestaan.", []
    if isinstance(exc, exceptions.NotAcceptable):
        return "Deze API antwoordt alleen in application/json.", []
    if isinstance(exc, exceptions.Throttled):
        wait = f" Probeer het over {exc.wait:.0f} seconden opnieuw." if exc.wait else ""
        return "Deze client heeft te veel verzoeken gedaan." + wait, []
    if isinstance(exc, exceptions.ValidationError):
        params = list(_flatten(exc.detail))
        detail = "; ".join(f"{p['name']}: {p['reason']}" for p in params[:5])
        return detail or "De aanvraag is ongeldig.", params
    return str(exc.detail), []


def _flatten(detail: Any, prefix: str = "") -> Any:
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            yield from _flatten(value, "" if name == "non_field_errors" else name)
    elif isinstance(detail, list):
        if all(not isinstance(d, dict | list) for d in detail):
            for d in detail:
                yield {"name": prefix or "body", "reason": str(d)}
        else:
            for i, d in enumerate(detail):
                yield from _flatten(d, f"{prefix}[{i}]")
    else:
        yield {"name": prefix or "body", "reason": str(detail)}


def problem_response(
    status_code: int,
    title: str,
    detail: str,
    invalid_params: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    instance: str | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status_code,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if invalid_params:
        body["invalidParams"] = invalid_params
    response = Response(body, status=status_code, headers=headers, content_type=PROBLEM_JSON)
    return response


def exception_handler(exc, context) -> Response | None:
    request = context.get("request")
    instance = request.path if request is not None else None
    if isinstance(exc, Problem):
        return problem_response(
            exc.status_code, exc.title, str(exc.detail), exc.invalid_params, exc.headers, instance
        )
    # Imported here: rest_framework.views reads the renderer setting, which names this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        code = status.HTTP_401_UNAUTHORIZED  # never 403 for a missing or bad token
    detail, params = _detail(exc) if isinstance(exc, exceptions.APIException) else ("", [])
    headers = {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After")}
    if code == 401 and "WWW-Authenticate" not in headers:
        headers["WWW-Authenticate"] = 'Bearer realm="ketenzicht"'
    return problem_response(code, TITLES.get(code, "Fout"), detail, params, headers, instance)
