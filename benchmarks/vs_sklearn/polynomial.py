"""polynomial: the reference against scikit-learn at equal work.

Equal work: the same features (degree 3 on 5 features: 56 columns with the bias column, scikit-learn's
products in scikit-learn's order), centred and scaled column by column, then one SVD-based least-squares
solve (LAPACK gelsd on both sides: numpy.linalg.lstsq here, scipy.linalg.lstsq in LinearRegression).
scikit-learn's pipeline is PolynomialFeatures -> StandardScaler -> LinearRegression(tol=1e-14): the
StandardScaler step is the column scaling the reference does inside fit, and tol=1e-14 keeps its SVD
cutoff from dropping directions the reference keeps. There is no iteration, so no per-iteration floor.
"""


import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (20_000, 200_000)
D, DEGREE = 5, 3



def _reference():
    return reference("polynomial")


def make(n: int) -> dict:
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    ref = _reference()
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, D))
    y = 1.0 + X @ rng.uniform(-1, 1, D) + X[:, 0] * X[:, 1] * X[:, 2] + 0.1 * rng.standard_normal(n)

    def ours():
        return ref.PolynomialRegression(degree=DEGREE).fit(X, y)

    def sklearn():
        return make_pipeline(PolynomialFeatures(DEGREE), StandardScaler(), LinearRegression(tol=1e-14)).fit(X, y)

    return {"ours": ours, "sklearn": sklearn,
            "note": f"degree {DEGREE} on {D} features (56 columns): features, centring and column scaling, one "
                    f"SVD least-squares solve (gelsd) on both sides"}
