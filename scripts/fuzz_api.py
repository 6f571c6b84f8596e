#!/usr/bin/env python3
"""Fuzz a running Ketenzicht API with Schemathesis, every phase (`make fuzz`; docs/api.md).

The test suite runs the examples and fuzzing phases on both databases; this adds the coverage
phase (boundary values of every field and parameter, about 1,100 requests). Needs a client:
KETENZICHT_CLIENT_ID and KETENZICHT_CLIENT_SECRET (`ketenzicht api-client GI-JBW Fuzzer
--goedgekeurd`), and a server started with KETENZICHT_API_RATE high enough (e.g. 100000/minute).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--max-examples", default="30")
    args = parser.parse_args()
    client_id = os.environ.get("KETENZICHT_CLIENT_ID")
    secret = os.environ.get("KETENZICHT_CLIENT_SECRET")
    if not client_id or not secret:
        sys.exit("Zet KETENZICHT_CLIENT_ID en KETENZICHT_CLIENT_SECRET (ketenzicht api-client).")
    body = urllib.parse.urlencode(
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    ).encode()
    with urllib.request.urlopen(f"{args.url}/oauth/token", data=body, timeout=60) as response:
        token = json.load(response)["access_token"]
    st = Path(sys.executable).with_name("st")
    return subprocess.call(
        [
            str(st),
            "run",
            f"{args.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,"
            "response_headers_conformance,response_schema_conformance",
            "--max-examples",
            args.max_examples,
            "--suppress-health-check",
            "all",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
