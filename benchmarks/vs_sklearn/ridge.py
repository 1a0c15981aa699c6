"""Ridge regression (closed form): the reference against scikit-learn's Ridge, equal work.

The stated objective (1/(2n))·||y − Xw − b·1||² + (alpha/2)·||w||² has the same minimiser as
scikit-learn's Ridge(alpha=n·alpha) (tests/test_oracle_ridge.py). With solver="cholesky" scikit-learn
runs the reference's algorithm: centre X and y, form XcᵀXc + n·alpha·I and Xcᵀyc, solve the d × d
system, b = ȳ − x̄·w. One pass, no iterations: the floor is the two BLAS products on the centred
data (XcᵀXc, a syrk of n·d² flops, and Xcᵀyc), which dominate for n ≫ d."""


import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (20_000, 200_000)
D = 50
ALPHA = 0.1



def _reference():
    return reference("ridge")


def _data(n: int, d: int = D):
    rng = np.random.default_rng(0)
    X = rng.uniform(-3, 3, size=d) + rng.normal(size=(n, d))
    y = X @ rng.uniform(-2, 2, size=d) + 3.0 + 0.5 * rng.normal(size=n)
    return X, y


def make(n: int) -> dict:
    from sklearn.linear_model import Ridge

    RidgeRegression = _reference().RidgeRegression
    X, y = _data(n)
    Xc, yc = X - X.mean(axis=0), y - y.mean()

    def floor():
        Xc.T @ Xc
        Xc.T @ yc

    return {
        "ours": lambda: RidgeRegression(alpha=ALPHA).fit(X, y),
        "sklearn": lambda: Ridge(alpha=n * ALPHA, solver="cholesky", fit_intercept=True).fit(X, y),
        "floor": floor,
        "note": f"same minimiser and algorithm (centre, normal equations, solve): Ridge(alpha=n·{ALPHA}, "
                f"solver='cholesky'); d={D}, one pass, no iterations",
    }
