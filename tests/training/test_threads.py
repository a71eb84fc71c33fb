import threading

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from helpers.training.threads import side_by_side


def test_jobs_run_side_by_side_and_come_back_in_order():
    both = threading.Barrier(2, timeout=10)  # broken (an error) unless the two jobs run at the same time

    def job(value):
        both.wait()
        return value

    assert list(side_by_side({"b": lambda: job(2), "a": lambda: job(1)}, n_jobs=2).items()) == [("b", 2), ("a", 1)]


def test_one_job_at_a_time_runs_in_the_callers_thread():
    seen = side_by_side({"x": threading.current_thread, "y": threading.current_thread}, n_jobs=1)
    assert set(seen.values()) == {threading.current_thread()}


def test_an_error_reaches_the_caller():
    def bad():
        raise ValueError("no rows")

    with pytest.raises(ValueError, match="no rows"):
        side_by_side({"ok": lambda: 1, "bad": bad}, n_jobs=2)


def test_liblinear_fits_are_the_same_beside_another_fit():
    """What text_model relies on: a head fitted in a thread beside another is bit for bit the head fitted alone."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(4000, 60)), rng.integers(0, 2, 4000)
    fit = lambda C: LogisticRegression(C=float(C), solver="liblinear", random_state=0).fit(X, y).coef_  # noqa: E731
    together = side_by_side({c: (lambda c=c: fit(c)) for c in ("0.1", "1", "10")}, n_jobs=2)
    assert all(np.array_equal(together[c], fit(c)) for c in together)
