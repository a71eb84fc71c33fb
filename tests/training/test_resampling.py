"""Bootstrap intervals: seeded, around the figure, narrower with more rows."""

import numpy as np

from helpers.training.resampling import bootstrap_interval


def test_bootstrap_interval_brackets_the_figure_and_narrows_with_more_rows():
    rng = np.random.default_rng(1)

    def accuracy_of(hits):
        return lambda rows: float(hits[rows].mean())

    small, large = rng.random(100) < 0.7, rng.random(10_000) < 0.7
    lo_s, hi_s = bootstrap_interval(accuracy_of(small), len(small))
    lo_l, hi_l = bootstrap_interval(accuracy_of(large), len(large), samples=300)
    assert lo_s <= small.mean() <= hi_s and lo_l <= large.mean() <= hi_l
    assert hi_l - lo_l < (hi_s - lo_s) / 5          # 100 times the rows: about a tenth of the width
    assert 0.12 < hi_s - lo_s < 0.25                  # binomial: 2 x 1.96 x sqrt(0.21 / 100) = 0.18
    assert bootstrap_interval(accuracy_of(small), len(small)) == (lo_s, hi_s)  # seeded
