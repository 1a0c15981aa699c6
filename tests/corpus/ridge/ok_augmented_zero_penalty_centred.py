# expect: correctness=full vectorization=full numerical_stability=full organization=full
# why: the augmented normal equations with a zero in the penalty for the bias, but on centred features (A = [1, X − x̄]): the bias column is then orthogonal to the rest, AᵀA stays well conditioned, and b is mapped back with − x̄·w.
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        x_mean = X.mean(axis=0)
        A = np.c_[np.ones(n), X - x_mean]
        penalty = np.diag(np.r_[0.0, np.full(d, n * self.alpha)])       # bias unpenalised
        theta = np.linalg.solve(A.T @ A + penalty, A.T @ y)
        self.weights = theta[1:]
        self.bias = float(theta[0] - x_mean @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
