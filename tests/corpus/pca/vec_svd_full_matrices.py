# expect: vectorization=lose
# why: np.linalg.svd is called with its default full_matrices=True, so it also builds the full n × n matrix U that PCA never uses: the numbers are right, but fit's time and memory grow with n² (0.3 s and 128 MB at n = 4,000; 80 GB at n = 100,000).
# feedback: vectorization ~ fit
import numpy as np


class PCA:
    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        if n < 2 or not 1 <= self.n_components <= min(n, d):
            raise ValueError("n_components must be between 1 and min(n, d)")
        self.mean = X.mean(axis=0)
        U, S, Vt = np.linalg.svd(X - self.mean)
        k = self.n_components
        variances = S ** 2 / (n - 1)
        self.components = Vt[:k]
        self.explained_variance = variances[:k]
        total = variances.sum()
        self.explained_variance_ratio = variances[:k] / total if total > 0 else np.zeros(k)
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
