"""Bootstrap intervals over validation rows: how far a figure, or a gap between two, can be read."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

#: Bootstrap resamples behind each 95% interval (seeded: the same data give the same interval).
BOOTSTRAP_SAMPLES = 1000


def bootstrap_interval(metric: Callable[[np.ndarray], float], n: int, samples: int = BOOTSTRAP_SAMPLES,
                       seed: int = 0) -> tuple[float, float]:
    """95% percentile bootstrap interval of ``metric(rows)`` over ``n`` validation rows.

    ``metric`` takes an array of row positions (drawn with replacement) and returns the figure on
    those rows. Validation splits of a few hundred rows move a macro-F1 by several points from one
    draw to the next; the interval says how far a figure can be read.
    """
    rng = np.random.default_rng(seed)
    values = [metric(rng.integers(0, n, n)) for _ in range(samples)]
    low, high = np.nanpercentile(values, [2.5, 97.5])
    return float(low), float(high)
