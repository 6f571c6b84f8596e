"""The OpenAPI document: served at /api/v1/openapi.json, 0 errors from Spectral with the NL GOV
API Design Rules, and a Dutch page for people (issue 13)."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import pytest
from rest_framework.test import APIClient

ROOT = Path(__file__).resolve().parents[2]
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
RULESET = Path(__file__).with_name("nl-gov-adr.spectral.yaml")

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(db) -> dict:
    response = APIClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    return json.loads(response.content)


def lint(
    documents: dict[str, dict], folder: Path, ruleset: Path = RULESET
) -> dict[str, list[dict]]:
    """Spectral's findings per document name (one run for all: it starts slowly)."""
    assert SPECTRAL.exists(), "Spectral ontbreekt: `make test` installeert het (npm ci)."
    paths = {}
    for name, doc in documents.items():
        paths[name] = folder / f"{name}.json"
        paths[name].write_text(json.dumps(doc))
    run = subprocess.run(
        [
            str(SPECTRAL),
            "lint",
            "-r",
            str(RULESET),
            "-f",
            "json",
            "--quiet",
            *map(str, paths.values()),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode in (0, 1), run.stderr
    found: dict[str, list[dict]] = {name: [] for name in documents}
    by_path = {str(p.resolve()): name for name, p in paths.items()}
    for result in json.loads(run.stdout or "[]"):
        found[by_path[str(Path(result["source"]).resolve())]].append(result)
    return found
    assert document["info"]["contact"].keys() >= {"name", "url", "email"}
    assert document["servers"] == [{"url": "/api/v1", "description": "Deze omgeving"}]


BREAKAGES = {
    "kz-version-header": lambda d: d["paths"]["/teams"]["get"]["responses"]["200"].pop("headers"),
    "kz-no-trailing-slash": lambda d: d["paths"].update({"/teams/": d["paths"]["/teams"]}),
    "kz-kebab-case-paths": lambda d: d["paths"].update({"/waitingList": d["paths"]["/teams"]}),
    "kz-major-version-in-uri": lambda d: d["servers"][0].update(url="/api"),
    "kz-semver": lambda d: d["info"].update(version="1.0"),
    "kz-problem-details": lambda d: d["paths"]["/teams"]["get"]["responses"]["403"].update(
        content={"application/json": {"schema": {"type": "object"}}}
    ),
    "kz-query-parameters-camel-case": lambda d: d["paths"]["/teams"]["get"]["parameters"].append(
        {"name": "page_size", "in": "query", "schema": {"type": "integer"}}
    ),
    "kz-date-format": lambda d: d["components"]["schemas"]["Team"]["properties"].update(
        {"startDate": {"type": "string"}}
    ),
    "kz-contact-complete": lambda d: d["info"]["contact"].pop("email"),
    "kz-invalid-input": lambda d: d["paths"]["/events"]["post"]["responses"].pop("400"),
}


def test_the_document_follows_the_nl_gov_api_design_rules_and_a_broken_one_fails(
    document, tmp_path
):
    documents = {"openapi": document}
    for rule, breakage in BREAKAGES.items():
        documents[rule] = copy.deepcopy(document)
        breakage(documents[rule])
    found = lint(documents, tmp_path)
    errors = [r for r in found["openapi"] if r["severity"] == 0]
    assert errors == [], json.dumps(errors, indent=1, ensure_ascii=False)
    assert document["info"]["contact"].keys() >= {"name", "url", "email"}
    assert document["servers"] == [{"url": "/api/v1", "description": "Deze omgeving"}]
    # each rule fails the document that breaks it: the linter is really checking
    for rule in BREAKAGES:
        assert rule in {r["code"] for r in found[rule] if r["severity"] == 0}, rule


def test_every_operation_documents_its_scope_and_problems(document):
    for path, item in document["paths"].items():
        for method, op in item.items():
            assert op["security"][0]["oauth2"], (method, path)
            assert {"401", "403", "429", "500"} <= set(op["responses"]), (method, path)
            for code, response in op["responses"].items():
                if code.startswith("2"):
                    assert "API-Version" in response["headers"]
                else:
                    assert "application/problem+json" in response["content"]


def test_request_records_are_the_exchange_formats(document):
    from ketenzicht.interop.schema import build_schema

    defs = build_schema()["$defs"]
    youth = document["components"]["schemas"]["YouthRecord"]
    assert set(youth["properties"]) == set(defs["youth"]["properties"]) - {"kind"}
    event = document["components"]["schemas"]["EventRecord"]
    assert event["properties"]["type"]["enum"] == defs["event"]["properties"]["type"]["enum"]


def test_the_page_for_people_lists_every_operation_in_dutch(document):
    response = APIClient().get("/api/v1/documentatie")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bewerkingen" in html and "problem+json" in html
    for path, item in document["paths"].items():
        for method in item:
            assert f"{method.upper()} /api/v1{path}" in html
