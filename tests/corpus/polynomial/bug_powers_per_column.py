# expect: correctness=lose
# why: the features are x_j, x_j², …, x_j^degree for each column separately, so every cross term (x0·x1, x0²·x2, …) is missing; the solve itself is stable.
# feedback: correctness ~ missing x0·x1
import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        blocks = [X ** k for k in range(1, self.degree + 1)]     # powers of each feature
        F = np.hstack(blocks)
        if self.include_bias:
            F = np.hstack([np.ones((X.shape[0], 1)), F])
        return F

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        mu = F.mean(axis=0)
        Fc = F - mu
        norm = np.linalg.norm(Fc, axis=0)
        keep = norm > 1e-12 * np.linalg.norm(F, axis=0)
        coef, *_ = np.linalg.lstsq(Fc[:, keep] / norm[keep], y - y.mean(), rcond=None)
        self.weights = np.zeros(F.shape[1])
        self.weights[keep] = coef / norm[keep]
        self.bias = float(y.mean() - mu @ self.weights)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
