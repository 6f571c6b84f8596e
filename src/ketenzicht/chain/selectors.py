"""Reads of trajectories that need the database: the chain norms of one trajectory with this
installation's terms (`NORMS_TERMS`) and, for a VOTS, the end of the measure the ruling started."""

from __future__ import annotations

import datetime as dt

from ketenzicht.norms.calendar import default_calendar
from ketenzicht.norms.configured import settings_config
from ketenzicht.timeline.domain import codes

from . import norms
from .domain import TrajectoryState
from .models import Trajectory


def vots_ended_on(trajectory: Trajectory, state: TrajectoryState) -> dt.date | None:
    """The day the VOTS a ruling imposed ended (or became an OTS), from the measure's
    projection; None when there is no such measure or it runs."""
    if state.measure_type != codes.VOTS or trajectory.measure_id is None:
        return None
    return trajectory.measure.ended_on


def norm_results(
    trajectory: Trajectory, state: TrajectoryState, day: dt.date
) -> list[norms.ChainNormResult]:
    """Every chain norm on `trajectory` (its state folded as of `day`)."""
    return norms.evaluate(
        state,
        day,
        default_calendar(),
        settings_config().terms,
        vots_ended_on(trajectory, state),
    )
