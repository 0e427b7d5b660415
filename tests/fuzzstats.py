"""How many generated cases each fuzz target ran; printed at the end of the test run."""

from collections import Counter

CASES: Counter[str] = Counter()
