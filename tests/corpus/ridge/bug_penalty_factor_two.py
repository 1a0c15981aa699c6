# expect: correctness=lose
# why: differentiates the penalty as if it were alpha·||w||² (gradient 2·alpha·w) instead of (alpha/2)·||w||², so the diagonal gets 2·n·alpha.
# feedback: correctness ~ 2·n·alpha on the diagonal
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n_samples, n_features = X.shape
        x_mean = X.mean(axis=0)
        y_mean = y.mean()
        Xc, yc = X - x_mean, y - y_mean
        # grad: -(1/n) Xc^T (yc - Xc w) + 2 alpha w = 0  ->  (Xc^T Xc + 2 n alpha I) w = Xc^T yc
        lhs = Xc.T @ Xc + 2 * n_samples * self.alpha * np.eye(n_features)
        self.weights = np.linalg.solve(lhs, Xc.T @ yc)
        self.bias = float(y_mean - x_mean @ self.weights)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return X @ self.weights + self.bias
