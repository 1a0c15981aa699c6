# expect: all=full
# why: the pseudo-inverse of the centred X (np.linalg.pinv, an SVD with a 1e-15 relative cutoff) is exactly the minimum-norm solution, stable on nearly collinear columns, and predict uses einsum: a different but legal way to write the same computation.
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64).ravel()
        centre = np.mean(X, axis=0) if self.fit_intercept else np.zeros(X.shape[1])
        offset = np.mean(y) if self.fit_intercept else 0.0
        self.weights = np.linalg.pinv(X - centre) @ (y - offset)
        self.bias = float(offset - np.einsum("j,j->", centre, self.weights))
        return self

    def predict(self, X):
        return np.einsum("ij,j->i", np.asarray(X, dtype=np.float64), self.weights) + self.bias
