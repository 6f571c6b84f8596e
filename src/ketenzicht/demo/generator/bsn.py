"""Demo BSNs: a documented test range, never a real person's number (see the package docstring)."""

from __future__ import annotations

import random
from collections.abc import Iterator

TEST_BSN_PREFIX = "9999"  # RvIG test BSNs; 99999xxxx is kept free for hand-made examples
EXAMPLE_BSN_PREFIX = "99999"
OVERFLOW_BSN_PREFIX = "00"  # at most 7 significant digits: never a real BSN


def elfproef(number: str) -> bool:
    total = sum((9 - i) * int(c) for i, c in enumerate(number[:8])) - int(number[8])
    return len(number) == 9 and number.isdigit() and int(number) > 0 and total % 11 == 0


def is_demo_bsn(number: str) -> bool:
    """True for a BSN from one of the two ranges the demo data uses (see the module docstring)."""
    if not elfproef(number):
        return False
    if number.startswith(TEST_BSN_PREFIX):
        return not number.startswith(EXAMPLE_BSN_PREFIX)
    return number.startswith(OVERFLOW_BSN_PREFIX)


def bsn_sequence(seed: int) -> Iterator[str]:
    """Unique demo BSNs: the shuffled test range first, then the overflow range."""
    rng = random.Random(f"bsn:{seed}")
    test_range = [f"{n:09d}" for n in range(999_900_000, 999_990_000) if elfproef(f"{n:09d}")]
    rng.shuffle(test_range)
    yield from test_range
    # A fixed permutation of 0..9,999,999 (multiplier coprime to 10), so the overflow numbers do
    # not count up visibly.
    offset = rng.randrange(10_000_000)
    for i in range(10_000_000):
        candidate = f"{OVERFLOW_BSN_PREFIX}{(i * 7_919_993 + offset) % 10_000_000:07d}"
        if elfproef(candidate):
            yield candidate
