"""The reference client: sends an exchange file through the API in batches (`ketenzicht push`).

A GI can start from the export of its case system: the file is read line by line, grouped so
that each new measure travels with its first events (the importer's rule), and sent in batches
of at most `batch_size` records to POST /api/v1/events. Batches are idempotent, so a batch that
failed on the network, on a 429 or a 5xx is simply sent again (with back-off). A refused batch
stops the push and every fault is reported with the line of the file it came from.
Organisation records are not sent: organisations are managed in Ketenzicht (beheer)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

# Batch key per record kind, in the order the importer needs them.
KEYS = {"team": "teams", "worker": "workers", "youth": "youths", "measure": "measures"}


class PushFailed(Exception):
    def __init__(self, message: str, faults: list[str] | None = None):
        super().__init__(message)
        self.faults = faults or []


@dataclass
class PushReport:
    batches: int = 0
    records: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped_organisations: int = 0
    retries: int = 0


Line = tuple[int, dict[str, Any]]


def read_file(stream: IO[bytes]) -> Iterator[Line]:
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            yield number, json.loads(raw)
        except json.JSONDecodeError as exc:
            raise PushFailed(f"regel {number}: geen geldige JSON ({exc.msg}).") from None


def plan_batches(
    lines: Iterator[Line], batch_size: int, report: PushReport
) -> Iterator[list[Line]]:
    """Batches of at most `batch_size` records: reference records first (teams, workers,
    youths), then per measure its record with its events (a measure that relates to another
    after that one), split over several batches only when it has more events than fit."""
    reference: list[Line] = []
    measures: dict[str, Line] = {}
    events: dict[str, list[Line]] = defaultdict(list)
    order: list[str] = []
    for number, rec in lines:
        kind = rec.get("kind")
        if kind in ("header", "organisation"):
            report.skipped_organisations += kind == "organisation"
            continue
        if kind in ("team", "worker", "youth"):
            reference.append((number, rec))
        elif kind == "measure":
            measures[rec.get("id")] = (number, rec)
            if rec.get("id") not in order:
                order.append(rec.get("id"))
        elif kind == "event":
            mid = rec.get("measure")
            events[mid].append((number, rec))
            if mid not in order:
                order.append(mid)
        elif kind in ("trajectory", "trajectory_event"):
            raise PushFailed(
                f"regel {number}: een {kind!r} gaat naar POST /api/v1/trajectories (de client van "
                "een ketenorganisatie); push stuurt maatregelen en hun events."
            )
        else:
            raise PushFailed(f"regel {number}: onbekende soort record {kind!r}.")
    rank = {"team": 0, "worker": 1, "youth": 2}
    reference.sort(key=lambda line: rank[line[1]["kind"]])
    for i in range(0, len(reference), batch_size):
        yield reference[i : i + batch_size]
    done: set[str] = set()

    def groups(mid: str) -> Iterator[list[Line]]:
        if mid in done:
            return
        done.add(mid)
        related = measures.get(mid, (0, {}))[1].get("related_measure")
        if related in order:
            yield from groups(related)
        group = ([measures[mid]] if mid in measures else []) + events.get(mid, [])
        yield group

    batch: list[Line] = []
    for mid in order:
        for group in groups(mid):
            if batch and len(batch) + min(len(group), batch_size) > batch_size:
                yield batch
                batch = []
            while len(group) > batch_size:
                yield group[:batch_size]
                group = group[batch_size:]
            batch.extend(group)
    if batch:
        yield batch


class Api:
    """A token from /oauth/token (client credentials), renewed when it expires."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        secret: str,
        *,
        retries: int = 5,
        sleep: Callable[[float], None] = time.sleep,
    ):
        parts = urllib.parse.urlsplit(base_url.rstrip("/"))
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base = base_url.rstrip("/")
        if not self.base.endswith("/api/v1"):
            self.base += "/api/v1"
        self.client_id, self.secret = client_id, secret
        self.retries, self.sleep = retries, sleep
        self.token: str | None = None

    def _token(self) -> str:
        body = urllib.parse.urlencode(
            {
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self.secret,
            }
        ).encode()
        request = urllib.request.Request(f"{self.origin}/oauth/token", data=body, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)["access_token"]
        except urllib.error.HTTPError as exc:
            raise PushFailed(
                f"Geen toegangstoken gekregen ({exc.code}): controleer client-id en geheim, en "
                "of de client actief en goedgekeurd is."
            ) from None

    def post(self, path: str, payload: dict[str, Any], report: PushReport) -> dict[str, Any]:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        delay = 1.0
        for attempt in range(self.retries + 1):
            if self.token is None:
                self.token = self._token()
            request = urllib.request.Request(
                self.base + path,
                data=data,
                method="POST",
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=300) as response:
                    return json.load(response)
            except urllib.error.HTTPError as exc:
                body = _problem(exc)
                if exc.code == 401 and attempt < self.retries:
                    self.token = None  # expired: a new token, then the same batch again
                elif exc.code in (429, 502, 503, 504) or exc.code >= 500:
                    if attempt == self.retries:
                        raise PushFailed(f"De server bleef weigeren ({exc.code}).") from None
                    wait = exc.headers.get("Retry-After")
                    self.sleep(float(wait) if wait and wait.isdigit() else delay)
                else:
                    raise PushRefused(exc.code, body) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt == self.retries:
                    raise PushFailed(f"De server is niet bereikbaar: {exc}.") from None
                self.sleep(delay)
            report.retries += 1
            delay = min(delay * 2, 60)
        raise PushFailed("De batch kon niet worden verstuurd.")


class PushRefused(Exception):
    def __init__(self, status: int, problem: dict[str, Any]):
        super().__init__(problem.get("detail", ""))
        self.status, self.problem = status, problem


def _problem(exc: urllib.error.HTTPError) -> dict[str, Any]:
    try:
        return json.loads(exc.read() or b"{}")
    except ValueError:
        return {}


def push(
    stream: IO[bytes],
    api: Api,
    *,
    batch_size: int = 1000,
    progress: Callable[[PushReport], None] | None = None,
) -> PushReport:
    report = PushReport()
    for batch in plan_batches(read_file(stream), batch_size, report):
        payload: dict[str, list[dict[str, Any]]] = {"events": []}
        where: dict[str, list[int]] = defaultdict(list)
        for number, rec in batch:
            key = KEYS.get(rec["kind"], "events")
            payload.setdefault(key, []).append({k: v for k, v in rec.items() if k != "kind"})
            where[key].append(number)
        try:
            api.post("/events", payload, report)
        except PushRefused as refused:
            raise PushFailed(
                f"Batch {report.batches + 1} geweigerd ({refused.status}): "
                f"{refused.problem.get('detail', '')} Eerdere batches zijn opgeslagen; "
                "na herstel kan het hele bestand opnieuw worden verstuurd.",
                [_fault(p, where) for p in refused.problem.get("invalidParams", [])],
            ) from None
        report.batches += 1
        for key, records in payload.items():
            report.records[key] += len(records)
        if progress:
            progress(report)
    return report


def _fault(param: dict[str, Any], where: dict[str, list[int]]) -> str:
    """'regel N, veld F: reden' for a fault named like events[3].date."""
    name = param.get("name", "")
    key, _, rest = name.partition("[")
    index, _, field_name = rest.partition("].")
    if index.isdigit() and key in where and int(index) < len(where[key]):
        line = where[key][int(index)]
        return f"regel {line}, veld {field_name or '-'}: {param.get('reason', '')}"
    return f"{name}: {param.get('reason', '')}"
