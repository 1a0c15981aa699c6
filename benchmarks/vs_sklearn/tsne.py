"""t-SNE: the reference against scikit-learn's exact t-SNE, equal work.

Both run exact t-SNE (method="exact": every pair, O(n²) per iteration) on the same data (n points,
d = 20, ten Gaussian blobs), with perplexity 30, learning_rate 200, early exaggeration 12 and the same
250 iterations: scikit-learn's minimum max_iter, all of them in its exaggerated first phase (momentum
0.5), so the reference runs n_iterations=250 with exaggeration_iterations=250 and tol=0. Both compute P
once with a per-row bisection on the precision to |H − ln(perplexity)| ≤ 1e-5 (tests/test_oracle_tsne.py:
the same P to 1e-15, the same KL and gradient to 1e-15).

Differences in work, known and small against the O(n²) iterations: scikit-learn adapts a gain per
coordinate (O(n) per iteration, the reference has plain momentum, as the statement says), computes the
KL only every 50 iterations (the reference records it every iteration: one more log1p pass over the
(n, n) matrix), works on condensed (n(n−1)/2) vectors, and accumulates the gradient in a Python loop over
the rows; the reference uses full (n, n) matrices and one matrix product. The starting embeddings differ
(scikit-learn draws 1e-4·N(0, 1), the statement 1e-2·N(0, 1)); that changes no work.

The floor is the matrix products one iteration cannot avoid, Y Yᵀ (the embedding's Gram matrix, for the
squared distances) and A Y (the gradient), times 250; with two components they are thin, and most of an
iteration is elementwise work on (n, n) arrays that no BLAS call does.

Measured with single-threaded BLAS on a shared, heavily loaded 2-core machine, one run each, so only roughly:
1.6× scikit-learn at n = 1,000 (7.9 s against 4.8 s) and 1.9× at n = 2,000 (28.8 s against 15.1 s) in one
session; 0.58× at n = 1,000 (5.5 s against 9.5 s) in another (`reference_speed.py tsne --quick --repeats 1`).
The full `python benchmarks/reference_speed.py tsne` takes minutes (five repeats of fits of tens of seconds)."""

import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (1_000, 2_000)
D = 20
ITERATIONS = 250
PERPLEXITY = 30.0


def _reference():
    return reference("tsne")


def _data(n: int, d: int = D):
    """Ten Gaussian blobs (std 1 per coordinate, centres spread by 4)."""
    rng = np.random.default_rng(0)
    centres = rng.normal(scale=4.0, size=(10, d))
    return centres[rng.integers(10, size=n)] + rng.normal(size=(n, d))


def make(n: int) -> dict:
    from sklearn.manifold import TSNE as SkTSNE

    TSNE = _reference().TSNE
    X = _data(n)
    rng = np.random.default_rng(1)
    Y = rng.normal(size=(n, 2))
    A = rng.random((n, n))

    def ours():
        return TSNE(n_components=2, perplexity=PERPLEXITY, learning_rate=200.0, n_iterations=ITERATIONS, tol=0.0,
                    early_exaggeration=12.0, exaggeration_iterations=ITERATIONS, random_state=0).fit(X)

    def sklearn():
        return SkTSNE(n_components=2, perplexity=PERPLEXITY, learning_rate=200.0, max_iter=ITERATIONS,
                      early_exaggeration=12.0, method="exact", init="random", random_state=0).fit(X)

    def floor():
        for _ in range(ITERATIONS):
            Y @ Y.T
            A @ Y

    return {
        "ours": ours,
        "sklearn": sklearn,
        "floor": floor,
        "note": f"exact t-SNE on both sides (method='exact'): one fit, d={D}, perplexity={PERPLEXITY:g}, "
                f"{ITERATIONS} iterations, all exaggerated; scikit-learn adds per-coordinate gains and computes "
                f"the KL every 50 iterations, the reference every iteration; floor = Y Yᵀ and A Y per iteration",
    }

