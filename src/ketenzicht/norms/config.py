"""Which terms and variants the engine uses: the configurable terms of DOMAIN.md (appropriate
help, child-alone frequency, extension lead time), per organisation or for everyone, and the
organisations that work under the Handelingsperspectief.

`NormConfig` is a plain value (the engine takes it as an argument); `configured.load_config()`
builds it from the Django settings and the `NormSetting` table (one query).

Per GI in the database: `Organisation.go_live_date` (the day the GI started using Ketenzicht):
one-time norms triggered before it are not judged, recurring norms count from it (`go_live`).

Settings:
- `NORMS_TERMS`: {norm id: "6w" | "10wd" | "3m" | "5d"} overrides for everyone; also the
  configurable chain norms (`chain_catalogue`), which have no per-organisation terms;
- `NORMS_HANDELINGSPERSPECTIEF`: GI external ids working under the Handelingsperspectief, or "*"
  for every GI; default none (the legal terms apply). This is the *default* per GI: the decision
  to work under it is taken per case by a GI's directorate (001:563), recorded as the event
  `handelingsperspectief_decided`; where a case has such a decision, its last one decides;
- `NORMS_WINDOWS`: {norm id: term} for a norm with a window, e.g. {"3.6-tegenkracht": "6m"}: how
  far back an earlier signal makes a signal "repeated";
- `NORMS_GOOD_FRIDAY_IS_HOLIDAY`, `NORMS_LIBERATION_DAY`: the calendar (see `calendar.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .calendar import Term, WorkingCalendar, default_calendar
from .catalogue import NORMS
from .chain_catalogue import CHAIN_NORMS


class ConfigError(ValueError):
    pass


def _check_configurable(norm_id: str, chain: bool = False) -> None:
    norm = NORMS.get(norm_id) or (CHAIN_NORMS.get(norm_id) if chain else None)
    if norm is None:
        raise ConfigError(f"onbekende norm '{norm_id}'.")
    if not norm.configurable:
        raise ConfigError(f"de termijn van norm '{norm_id}' is niet instelbaar.")


@dataclass(frozen=True, eq=False)
class NormConfig:
    terms: Mapping[str, Term] = field(default_factory=dict)
    organisation_terms: Mapping[tuple[str, str], Term] = field(default_factory=dict)
    # Per norm id: the window of a norm that has one (e.g. the tegenkracht norm's "repeated
    # within" period), overriding the catalogue's.
    windows: Mapping[str, Term] = field(default_factory=dict)
    handelingsperspectief: frozenset[str] | None = frozenset()  # None: every GI
    calendar: WorkingCalendar = field(default_factory=default_calendar)
    # Per GI external id: its go-live date (Organisation.go_live_date).
    go_live: Mapping[str, dt.date] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for norm_id in self.terms:
            _check_configurable(norm_id, chain=True)  # chain norms: for everyone only
        for _, norm_id in self.organisation_terms:
            _check_configurable(norm_id)
        for norm_id in self.windows:
            if norm_id not in NORMS or NORMS[norm_id].window is None:
                raise ConfigError(f"norm '{norm_id}' heeft geen instelbare periode.")

    def works_under_hp(self, gi: str | None) -> bool:
        if self.handelingsperspectief is None:
            return True
        return gi is not None and gi in self.handelingsperspectief


def config_from(
    terms: Mapping[str, str] | None = None,
    organisation_terms: Iterable[tuple[str, str, Term]] = (),
    handelingsperspectief: str | Iterable[str] | None = (),
    calendar: WorkingCalendar | None = None,
    windows: Mapping[str, str] | None = None,
    go_live: Mapping[str, dt.date] | None = None,
) -> NormConfig:
    hp = None if handelingsperspectief == "*" else frozenset(handelingsperspectief or ())
    parsed: dict[str, Term] = {}
    for norm_id, text in (terms or {}).items():
        try:
            parsed[norm_id] = text if isinstance(text, Term) else Term.parse(text)
        except ValueError as exc:
            raise ConfigError(f"NORMS_TERMS['{norm_id}']: {exc}") from None
    parsed_windows: dict[str, Term] = {}
    for norm_id, text in (windows or {}).items():
        try:
            parsed_windows[norm_id] = text if isinstance(text, Term) else Term.parse(text)
        except ValueError as exc:
            raise ConfigError(f"NORMS_WINDOWS['{norm_id}']: {exc}") from None
    return NormConfig(
        terms=parsed,
        windows=parsed_windows,
        organisation_terms={(org, norm): term for org, norm, term in organisation_terms},
        handelingsperspectief=hp,
        calendar=calendar or default_calendar(),
        go_live=dict(go_live or {}),
    )
