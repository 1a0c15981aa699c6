"""Softmax regression: the reference against scikit-learn at equal work.

scikit-learn has no full-batch gradient descent for the multinomial model; its solvers (lbfgs,
newton-cholesky) need far fewer iterations, so timing them against a fixed number of GD steps
would compare algorithms, not implementations. Equal work here: the same number of full-batch
gradient steps, from W = 0, b = 0, with the same learning rate, where scikit-learn's side computes
each step's loss and gradient with the routine its own multinomial lbfgs calls once per function
evaluation (`LinearModelLoss(HalfMultinomialLoss).loss_gradient`, private API: compiled loss and
gradient per sample, OpenMP threads as in its solver). So the ratio is one loss+gradient
evaluation of ours against one of theirs, plus the same O(dK) update on both sides.

The floor is the two BLAS products one iteration must do: Z = X @ W (n, d)(d, K) and
Xᵀ @ G (d, n)(n, K), times the number of iterations.
"""

from __future__ import annotations


import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (20_000, 200_000)
D, K = 50, 5
ITERATIONS = 20
LEARNING_RATE = 0.5
L2 = 0.01



def _reference():
    return reference("softmax")


def _data(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, D))
    W = rng.standard_normal((D, K)) / np.sqrt(D)
    Z = X @ W
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    y = np.minimum((rng.random((n, 1)) > P.cumsum(axis=1)).sum(axis=1), K - 1)
    y[:K] = np.arange(K)                                    # every class present: K = max(y) + 1
    return X, y.astype(np.int64)


def _sklearn_gd(X, y):
    """Full-batch gradient descent whose loss and gradient come from scikit-learn's multinomial
    loss routine (the one its lbfgs calls), or None when that private API is not available."""
    try:
        from sklearn._loss.loss import HalfMultinomialLoss
        from sklearn.linear_model._linear_loss import LinearModelLoss
        from sklearn.utils._openmp_helpers import _openmp_effective_n_threads
    except ImportError:
        return None
    loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=K), fit_intercept=True)
    y_float = np.ascontiguousarray(y, dtype=np.float64)
    threads = _openmp_effective_n_threads()

    def run():
        coef = np.zeros((K, D + 1))                         # sklearn's layout: (K, d + 1), intercept last
        for _ in range(ITERATIONS):
            _, grad = loss.loss_gradient(coef, X, y_float, l2_reg_strength=L2, n_threads=threads)
            coef = coef - LEARNING_RATE * grad
        return coef
    return run


def _sklearn_lbfgs(X, y):
    """Fallback: scikit-learn's own multinomial lbfgs, capped at the same number of iterations
    (about one loss+gradient evaluation per iteration, plus line-search evaluations)."""
    from sklearn.linear_model import LogisticRegression

    def run():
        LogisticRegression(C=1.0 / (len(y) * L2), solver="lbfgs", tol=0.0, max_iter=ITERATIONS).fit(X, y)
    return run


def make(n: int) -> dict:
    ref = _reference()
    X, y = _data(n)

    def ours():
        ref.SoftmaxRegression(learning_rate=LEARNING_RATE, n_iterations=ITERATIONS, tol=0.0, l2=L2).fit(X, y)

    W = np.zeros((D, K))
    G = np.zeros((n, K))

    def floor():
        for _ in range(ITERATIONS):
            X @ W
            X.T @ G

    sklearn = _sklearn_gd(X, y)
    how = "scikit-learn's multinomial loss_gradient (private API)"
    if sklearn is None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sklearn = _sklearn_lbfgs(X, y)
        how = "scikit-learn's lbfgs capped at the same iterations (the private loss API was not found)"
    return {
        "ours": ours,
        "sklearn": sklearn,
        "floor": floor,
        "note": f"{ITERATIONS} full-batch gradient steps from zero (d={D}, K={K}, l2={L2}) on both sides; "
                f"the loss and gradient of each step by the reference vs by {how}",
    }
