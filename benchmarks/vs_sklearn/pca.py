"""Principal component analysis: the reference against scikit-learn's PCA, equal work.

The reference forms the d × d covariance of the centred data and takes its eigendecomposition
(np.linalg.eigh). scikit-learn runs the same algorithm with svd_solver="covariance_eigh", which is
also what its default "auto" picks for these shapes (n ≥ 10·d, d ≤ 1000): XᵀX, a d × d correction,
eigh, the same sign rule (tests/test_oracle_pca.py shows the results agree). Equal work: the same
X (n × 50), the same n_components = 10, one fit each; no iterations.

One difference in work, on purpose: scikit-learn does not centre X (it computes XᵀX − n·mean·meanᵀ,
avoiding a copy of X), the reference centres first, because the uncentred formula cancels for features
far from 0 (features around 1e8 that vary by about 1 lose every digit: see the oracle test). It centres
blocks of 4,096 rows at a time and sums their Gram matrices, so it copies no more of X than fits in
cache: centring all of X at once cost a 50% slowdown at n = 200,000 (an 80 MB temporary), the blocks
cost nothing measurable. The floor is the one product every covariance route must do, the Gram matrix
Xcᵀ Xc (n·d² multiply-adds), on data centred beforehand. For scale, the SVD route (svd_solver="full")
is about 10× slower at these shapes.

Measured with single-threaded BLAS on a shared 2-core machine (reference_speed.py, medians of 7):
0.84× scikit-learn at n = 20,000 and 1.19× at n = 200,000 (1.1× to 1.2× in best-of-7 runs)."""


import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (20_000, 200_000)
D = 50
K = 10



def _reference():
    return reference("pca")


def _data(n: int, d: int = D):
    """Features with spreads from 3 down to 0.2 along random orthogonal axes, around a random centre."""
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    return (rng.standard_normal((n, d)) * np.linspace(3.0, 0.2, d)) @ Q.T + rng.uniform(-3.0, 3.0, d)


def make(n: int) -> dict:
    from sklearn.decomposition import PCA as SklearnPCA

    PCA = _reference().PCA
    X = _data(n)
    Xc = X - X.mean(axis=0)

    return {
        "ours": lambda: PCA(n_components=K).fit(X),
        "sklearn": lambda: SklearnPCA(n_components=K, svd_solver="covariance_eigh").fit(X),
        "floor": lambda: Xc.T @ Xc,
        "note": f"same algorithm (covariance, eigh, sign rule): PCA(n_components={K}, svd_solver='covariance_eigh'), "
                f"d={D}, one fit, no iterations; the reference also centres X (block by block) where scikit-learn "
                f"does not; floor = the Gram product Xcᵀ Xc",
    }
