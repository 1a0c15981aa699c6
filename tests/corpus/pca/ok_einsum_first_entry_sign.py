# expect: all=full
# why: the covariance from np.einsum on the centred data, eigh with both arrays flipped by slicing, a third sign convention (the first non-negligible entry of each component made positive), the total variance as the trace, and transform/inverse_transform written with einsum.
import numpy as np


class PCA:
    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X):
        X = np.array(X, dtype=float)
        n, d = X.shape
        k = self.n_components
        if k < 1 or k > min(n, d) or n < 2:
            raise ValueError("n_components must lie in [1, min(n, d)] and X needs two rows")
        mu = X.mean(0)
        D = X - mu
        cov = np.einsum("ni,nj->ij", D, D) / (n - 1)
        lam, vecs = np.linalg.eigh(cov)
        lam, vecs = lam[::-1], vecs[:, ::-1]
        W = vecs[:, :k].T.copy()
        for row in W:                                       # k rows, not samples
            first = row[np.abs(row) > 1e-12][0]
            row *= np.sign(first)
        total = np.trace(cov)
        self.mean = mu
        self.components = W
        self.explained_variance = np.maximum(lam[:k], 0.0)
        self.explained_variance_ratio = self.explained_variance / total if total > 0 else 0.0 * lam[:k]
        return self

    def transform(self, X):
        return np.einsum("nd,kd->nk", np.asarray(X, dtype=float) - self.mean, self.components)

    def fit_transform(self, X):
        self.fit(X)
        return self.transform(X)

    def inverse_transform(self, Z):
        return np.einsum("nk,kd->nd", np.asarray(Z, dtype=float), self.components) + self.mean
