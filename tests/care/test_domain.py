"""Pure logic of waiting: replaying holders, reference dates, the list's order, suppression."""

import datetime as dt

from ketenzicht.care import domain

D = dt.date


def test_replay_follows_fold_rules():
    h = domain.replay(
        [
            (D(2026, 1, 1), 1, "measure_started", {"gi": "GI-JBW", "team": "T-DH1"}),
            (
                D(2026, 1, 2),
                2,
                "worker_assigned",
                {"assignment": "doorstroomteam", "team": "T-IDT"},
            ),
            (D(2026, 2, 1), 3, "worker_assigned", {"assignment": "vast", "worker": "W-1"}),
            (D(2026, 3, 1), 4, "handover", {"to_gi": "GI-WSS", "to_team": "T-WSS"}),
            (D(2026, 3, 31), 5, "measure_ended", {"reason": "04"}),
        ],
        {"W-1": "T-DH1"},
    )
    assert h.holder_on(D(2025, 12, 31)) is None
    assert h.holder_on(D(2026, 1, 1)).assignment == "niemand"
    assert h.holder_on(D(2026, 1, 15)).team == "T-IDT"
    fixed = h.holder_on(D(2026, 2, 1))
    assert (fixed.assignment, fixed.worker, fixed.team) == ("vast", "W-1", "T-DH1")
    moved = h.holder_on(D(2026, 3, 31))
    assert (moved.gi, moved.assignment) == ("GI-WSS", "niemand")
    assert h.holder_on(D(2026, 4, 1)) is None  # the end date is the last day
    # Without a worker: 1 Jan - 31 Jan (31 days) and 1 Mar - 31 Mar (31 days).
    assert h.days_without(D(2026, 12, 31)) == 62
    assert h.first_fixed() == D(2026, 2, 1)


def test_same_day_events_keep_the_last_holder():
    h = domain.replay(
        [
            (D(2026, 1, 1), 2, "worker_assigned", {"assignment": "vast", "worker": "W-1"}),
            (D(2026, 1, 1), 1, "measure_started", {"gi": "GI-JBW"}),
        ],
        {},
    )
    assert len(h.holders) == 1 and h.holder_on(D(2026, 1, 1)).assignment == "vast"
    assert h.days_without(D(2026, 6, 1)) == 0


def test_reference_dates_like_haaglanden():
    assert domain.reference_dates(D(2024, 11, 1), D(2025, 9, 1), "quarter") == [
        D(2025, 1, 1),
        D(2025, 4, 1),
        D(2025, 7, 1),
    ]
    assert domain.reference_dates(D(2024, 10, 15), D(2025, 1, 1), "month") == [
        D(2024, 11, 1),
        D(2024, 12, 1),
        D(2025, 1, 1),
    ]


def test_order_colour_then_ruis_then_longest_waiting():
    rows = [
        ("groen-lang", "groen", False, 300),
        ("groen-ruis", "groen", True, 10),
        ("oranje", "oranje", False, 5),
        ("rood", "rood", False, 1),
        ("onbekend", None, False, 2),
    ]
    ordered = sorted(rows, key=lambda r: domain.waiting_order(r[1], r[2], r[3], r[0]))
    assert [r[0] for r in ordered] == ["onbekend", "rood", "oranje", "groen-ruis", "groen-lang"]


def test_small_numbers_are_suppressed():
    assert domain.suppressed(0) == "0"
    assert domain.suppressed(4) == "<5"
    assert domain.suppressed(5) == "5"
    assert domain.measured([1, 2, 3, 4]).shown == "—"
    assert domain.measured([1, 2, 3, 4, 10]).shown == "3"


def test_needs_a_youth_protector():
    assert {"11", "12", "21", "22", "23", "41", "61"} <= domain.NEEDS_WORKER
    assert not {"31", "71", "72"} & domain.NEEDS_WORKER
