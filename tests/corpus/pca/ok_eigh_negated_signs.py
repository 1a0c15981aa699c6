# expect: all=full
# why: the covariance route with np.cov and np.linalg.eigh, sorted with argsort descending, and the opposite sign convention to scikit-learn's (the entry of largest magnitude of each component is made NEGATIVE): every component has the other sign than the reference's, which the grader must accept.
import numpy as np


class PCA:
    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n_samples, n_features = X.shape
        if n_samples < 2 or not 0 < self.n_components <= min(n_samples, n_features):
            raise ValueError("invalid n_components or too few samples")
        self.mean = np.mean(X, axis=0)
        cov = np.atleast_2d(np.cov(X, rowvar=False))        # centres internally, ddof 1
        eigvals, eigvecs = np.linalg.eigh(cov)
        order = np.argsort(eigvals)[::-1]
        eigvals = np.clip(eigvals[order], 0.0, None)
        eigvecs = eigvecs[:, order]
        comps = eigvecs[:, : self.n_components].T
        biggest = comps[np.arange(len(comps)), np.argmax(np.abs(comps), axis=1)]
        self.components = comps * -np.sign(biggest)[:, None]
        self.explained_variance = eigvals[: self.n_components]
        total = eigvals.sum()
        self.explained_variance_ratio = np.divide(self.explained_variance, total,
                                                  out=np.zeros_like(self.explained_variance), where=total > 0)
        return self

    def transform(self, X):
        centred = np.asarray(X, dtype=float) - self.mean
        return centred @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return np.dot(Z, self.components) + self.mean
