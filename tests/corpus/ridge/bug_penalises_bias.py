# expect: correctness=lose
# why: the textbook formula θ = (AᵀA + λI)⁻¹Aᵀy with A = [1, X]: the identity also covers the bias column, so b is shrunk toward 0 (far off when y has a large mean).
# feedback: correctness ~ penalises the bias too
# feedback: correctness !~ scikit-learn
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        A = np.hstack([np.ones((n, 1)), X])                       # bias column first
        theta = np.linalg.solve(A.T @ A + n * self.alpha * np.eye(d + 1), A.T @ y)
        self.bias = float(theta[0])
        self.weights = theta[1:]
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
