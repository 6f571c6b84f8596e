"""What the set-based path's rows look like (type codes, same-day order, "none"), and the error
its import-time capacity guards raise. No Django: the engine and the rule kinds import it."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ketenzicht.timeline.domain.events import SAME_DAY_ORDER

from .catalogue import RELEVANT_TYPES

NONE = -1  # "no value" in an integer column
EPOCH = dt.date(1970, 1, 1).toordinal()
TYPES = tuple(sorted(RELEVANT_TYPES))
CODE = {t: i for i, t in enumerate(TYPES)}  # event type -> code in the rows
ORDER_OF = np.array([SAME_DAY_ORDER.get(t, 5) for t in TYPES], dtype=np.int64)


class CapacityError(ImportError):
    """The catalogue needs more than the bulk loader's packing holds (raised at import)."""
