# expect: correctness=lose numerical_stability=lose
# why: `Xc.T @ Xc + n * alpha` adds the scalar to every entry of the d × d matrix (broadcasting) instead of only to its diagonal; that matrix stays singular when a column is duplicated, so fit also raises LinAlgError there.
# feedback: correctness ~ to every entry of XᵀX
# feedback: numerical_stability ~ Singular matrix
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n = len(X)
        mean_x, mean_y = X.mean(0), y.mean()
        Xc = X - mean_x
        w = np.linalg.solve(Xc.T @ Xc + n * self.alpha, Xc.T @ (y - mean_y))
        self.weights = w
        self.bias = float(mean_y - mean_x @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
