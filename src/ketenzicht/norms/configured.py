"""The norm configuration as this installation has it: the Django settings (`settings_config`,
no database: the offline CLI) plus the per-organisation terms and go-live dates stored in the
database (`load_config`). `config.NormConfig` itself is a plain value the engine takes as an
argument; this module is the Django side that builds it."""

from __future__ import annotations

from django.conf import settings

from ketenzicht.reference.models import Organisation

from .calendar import Term
from .config import NormConfig, config_from
from .models import NormSetting


def settings_config() -> NormConfig:
    """The configuration from the Django settings alone (no database; the offline CLI)."""
    return config_from(
        getattr(settings, "NORMS_TERMS", {}),
        handelingsperspectief=getattr(settings, "NORMS_HANDELINGSPERSPECTIEF", ()),
        windows=getattr(settings, "NORMS_WINDOWS", {}),
    )


def load_config() -> NormConfig:
    """Settings plus the per-organisation terms stored in `NormSetting` and the GIs' go-live
    dates (two queries)."""
    rows = NormSetting.objects.values_list(
        "organisation__external_id", "norm_id", "term_value", "term_unit"
    )
    return config_from(
        getattr(settings, "NORMS_TERMS", {}),
        [(org, norm, Term(n, unit)) for org, norm, n, unit in rows],
        getattr(settings, "NORMS_HANDELINGSPERSPECTIEF", ()),
        windows=getattr(settings, "NORMS_WINDOWS", {}),
        go_live=dict(
            Organisation.objects.filter(go_live_date__isnull=False).values_list(
                "external_id", "go_live_date"
            )
        ),
    )
