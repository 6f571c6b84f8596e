"""The GI's go-live date is a setting in the database (`Organisation.go_live_date`, admin):
`load_config` reads it and every path applies it; a lapsed measure is found by its columns."""

import pytest

from ketenzicht.interop.importer import import_lines
from ketenzicht.norms.bulk import evaluate_all
from ketenzicht.norms.configured import load_config
from ketenzicht.norms.engine import Status
from ketenzicht.norms.services import results_for_measure
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.models import Measure

from .test_paths_agree import exchange_records
from .timelines import TODAY, D, ots

pytestmark = pytest.mark.django_db


def test_go_live_date_from_the_organisation_applies_in_single_and_bulk():
    t = ots(D(2019, 1, 7), measure_type="21", id="M-OLD")
    import_lines(list(enumerate(exchange_records([t]), start=1)), today=TODAY)
    m = Measure.objects.get(external_id="M-OLD")
    as_of = D(2026, 3, 2)
    assert results_for_measure(m, as_of, load_config())[0].status is Status.OVERDUE
    Organisation.objects.filter(external_id="GI-JBW").update(go_live_date=D(2026, 1, 5))
    config = load_config()
    assert dict(config.go_live) == {"GI-JBW": D(2026, 1, 5)}
    single = {r.norm_id: r for r in results_for_measure(m, as_of, config)}
    bulk = {r.norm_id: r for r in evaluate_all([m.pk], as_of, config)}
    assert single == bulk
    assert single["1a.3-eerste-contact"].status is Status.BEFORE_GO_LIVE
    assert single["3.1-kind-alleen"].trigger_date == D(2026, 1, 5)
