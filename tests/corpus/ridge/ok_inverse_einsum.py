# expect: correctness=full vectorization=full numerical_stability=full organization=full
# why: an explicit np.linalg.inv of the centred, penalised matrix (every eigenvalue ≥ n·alpha: well conditioned, inverse and solve agree to ~1e-15) with einsum for the products; not marked down.
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        mx, my = X.mean(axis=0), y.mean()
        Xc, yc = X - mx, y - my
        H = np.einsum("ij,ik->jk", Xc, Xc) + n * self.alpha * np.eye(d)
        self.weights = np.linalg.inv(H) @ np.einsum("ij,i->j", Xc, yc)
        self.bias = float(my - np.einsum("j,j->", mx, self.weights))
        return self

    def predict(self, X):
        return np.einsum("ij,j->i", np.asarray(X, dtype=float), self.weights) + self.bias
