"""The scoring rule: correctness is critical (an attempt whose correctness fails reads as failing
overall), and a better attempt never scores lower."""

from __future__ import annotations

import itertools
import random

from mlprep import rubric

APPLICABLE = list(rubric.CRITERIA)
WEIGHTS = rubric.effective_weights(APPLICABLE)


def overall(scores: dict) -> float:
    return rubric.overall_score(scores, WEIGHTS)


def test_failing_correctness_reads_as_failing_whatever_else_scores():
    for c in (0, 15, 35, 49.9):
        scores = {name: 100.0 for name in APPLICABLE} | {"correctness": c}
        assert overall(scores) < 50
        assert not rubric.passes(scores, overall(scores), None)


def test_the_wrong_sign_example_of_the_issue_now_fails():
    # before: correctness 35 and everything else 100 scored about 65
    scores = {name: 100.0 for name in APPLICABLE} | {"correctness": 35.0, "convergence": 70.0}
    assert overall(scores) < 35


def test_a_better_attempt_never_scores_lower():
    rng = random.Random(0)
    grid = [0.0, 20.0, 49.9, 50.0, 63.0, 80.0, 99.9, 100.0]
    for _ in range(3000):
        a = {name: rng.choice(grid) for name in APPLICABLE}
        name = rng.choice(APPLICABLE)
        b = dict(a) | {name: rng.choice([v for v in grid if v >= a[name]])}
        assert overall(b) >= overall(a), (a, b)


def test_among_failing_attempts_the_order_is_kept():
    low = {name: 0.0 for name in APPLICABLE} | {"correctness": 30.0}
    better = low | {"vectorization": 100.0}
    assert overall(better) > overall(low) > 0


def test_statuses_and_passing():
    assert [rubric.status_of(s) for s in (None, 100, 99.9, 50, 49.9)] == ["n/a", "pass", "partial", "partial", "fail"]
    perfect = {name: 100.0 for name in APPLICABLE}
    assert rubric.passes(perfect, 100.0, None) and not rubric.passes(perfect, 100.0, "error")
    for name, value in itertools.product(APPLICABLE, (49.0,)):
        scores = perfect | {name: value}
        assert not rubric.passes(scores, overall(scores), None)
