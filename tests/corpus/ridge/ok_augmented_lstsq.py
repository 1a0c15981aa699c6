# expect: correctness=full vectorization=full numerical_stability=full organization=full
# why: ridge as one least-squares problem on an augmented design: rows [1, X] and sqrt(n·alpha)·[0, I] (a zero under the bias column, so the bias is not penalised), solved by np.linalg.lstsq; lstsq never forms AᵀA, so the large-offset data keeps its digits.
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        design = np.hstack([np.ones((n, 1)), X])
        penalty_rows = np.hstack([np.zeros((d, 1)), np.sqrt(n * self.alpha) * np.eye(d)])
        A = np.vstack([design, penalty_rows])            # (n + d, d + 1)
        target = np.concatenate([y, np.zeros(d)])
        theta, *_ = np.linalg.lstsq(A, target, rcond=None)
        self.bias = float(theta[0])
        self.weights = theta[1:]
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
