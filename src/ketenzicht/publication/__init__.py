"""The one publication policy for every figure a municipal or public user sees (screens, CSV,
PDF, later an API): small-number suppression (`suppression`) and the fixed periods and reference
dates such figures are made for (`periods`). docs/decisions/0006 explains the method.

Below both care and reporting: pure Python plus Django settings, no models, no views.
"""

from __future__ import annotations

import os

DEFAULT_THRESHOLD = 5
DEFAULT_MIN_DENOMINATOR = 10


def _setting(name: str, default: int) -> int:
    """A Django setting, else the environment variable of the same name, else the default."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    value = getattr(settings, name, None) or os.environ.get(name) or default
    try:
        return max(1, int(value))
    except ValueError:
        raise ImproperlyConfigured(f"{name} moet een geheel getal zijn, niet '{value}'.") from None


def threshold() -> int:
    """Counts from 1 up to this minus one are suppressed (default 5: 1-4)."""
    return _setting("KETENZICHT_SMALL_NUMBER_THRESHOLD", DEFAULT_THRESHOLD)


def min_denominator() -> int:
    """A percentage needs at least this denominator (default 10)."""
    return _setting("KETENZICHT_MIN_DENOMINATOR", DEFAULT_MIN_DENOMINATOR)


def small_count(n: int, limit: int | None = None) -> str:
    """One count on its own (no table around it), as a municipal or public user sees it:
    "<5" for 1 up to the threshold minus one. Figures that belong to a table with totals go
    through `suppression.Report` instead, which also protects them against the totals."""
    t = limit or threshold()
    return f"<{t}" if 0 < n < t else str(n)
