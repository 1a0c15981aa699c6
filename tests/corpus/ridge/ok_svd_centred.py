# expect: correctness=full vectorization=full numerical_stability=full organization=full
# why: the SVD form of the same minimiser, w = V diag(s / (s² + n·alpha)) Uᵀ yc on centred data, then b = ȳ − x̄·w; also defined for alpha = 0 on full-rank data.
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n = X.shape[0]
        x_mean, y_mean = X.mean(axis=0), y.mean()
        U, s, Vt = np.linalg.svd(X - x_mean, full_matrices=False)     # Xc = U diag(s) Vt
        shrink = s / (s ** 2 + n * self.alpha)                          # filter factors
        self.weights = Vt.T @ (shrink * (U.T @ (y - y_mean)))
        self.bias = float(y_mean - x_mean @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
