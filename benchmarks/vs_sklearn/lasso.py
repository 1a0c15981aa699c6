"""Lasso by cyclic coordinate descent: the reference against scikit-learn's Lasso, equal work.

The stated objective 1/(2n)·||y − Xw − b||² + alpha·||w||₁ is scikit-learn's Lasso objective with
the same alpha, and both run the same algorithm: cyclic coordinate descent with soft-thresholding on
the centred data from w = 0, b = ȳ − x̄·w (tests/test_oracle_lasso.py: equal sweep by sweep to
1e-14). Equal work: the same number of sweeps on both sides, SWEEPS, with tol=0 (scikit-learn's
duality-gap test then runs only after the last sweep, and the reference's history test never stops
it). The reference uses covariance updates (ρ_j = c_j − G_j·w + G_jj·w_j with G = X̃ᵀX̃/n computed
once), scikit-learn's Lasso the residual form (precompute=False, its default for Lasso); the iterates
are the same. The floor is the BLAS work of the reference's algorithm: G and c once (O(n·d²)), then
per sweep the residual r = ỹ − X̃w for the recorded objective (one matrix-vector product); the
d products G_j·w per sweep are O(d²) and left out."""


import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (20_000, 200_000)
D = 50
SWEEPS = 20
ALPHA = 0.05



def _reference():
    return reference("lasso")


def _data(n: int, d: int = D):
    """Correlated, uncentred features; half of the true weights are 0, so the solution is sparse."""
    rng = np.random.default_rng(0)
    X = 0.8 * rng.normal(size=(n, d)) + 0.6 * rng.normal(size=(n, 1)) + rng.uniform(-3, 3, size=d)
    w = rng.uniform(-2, 2, size=d) * (rng.random(d) < 0.5)
    return X, X @ w + 3.0 + 0.5 * rng.normal(size=n)


def make(n: int) -> dict:
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import Lasso as SkLasso

    Lasso = _reference().Lasso
    X, y = _data(n)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w = np.full(D, 1e-3)

    def floor():
        Xc.T @ Xc                                           # G (n·d² flops), once
        Xc.T @ yc                                           # c, once
        for _ in range(SWEEPS):
            yc - Xc @ w                                     # the residual for the recorded objective

    def sklearn():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            SkLasso(alpha=ALPHA, max_iter=SWEEPS, tol=0.0, selection="cyclic").fit(X, y)

    return {
        "ours": lambda: Lasso(alpha=ALPHA, n_iterations=SWEEPS, tol=0.0).fit(X, y),
        "sklearn": sklearn,
        "floor": floor,
        "note": f"same objective and algorithm (cyclic CD on centred data from w = 0): Lasso(alpha={ALPHA}, "
                f"max_iter={SWEEPS}, tol=0) vs n_iterations={SWEEPS}, tol=0; d={D}",
    }
