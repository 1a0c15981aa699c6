# expect: numerical_stability=lose
# why: computes the centred Gram matrix and right-hand side by expansion (XᵀX − n·x̄x̄ᵀ, Xᵀy − n·x̄ȳ) without forming Xc: exact in algebra, but with features at 1e5 ± 1 both subtractions cancel about ten digits.
# feedback: numerical_stability ~ XᵀX − n·x̄x̄ᵀ
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        x_bar, y_bar = X.mean(axis=0), y.mean()
        S_xx = X.T @ X - n * np.outer(x_bar, x_bar)      # = Xcᵀ Xc, without a centred copy of X
        S_xy = X.T @ y - n * x_bar * y_bar               # = Xcᵀ yc
        w = np.linalg.solve(S_xx + n * self.alpha * np.eye(d), S_xy)
        self.weights = w
        self.bias = float(y_bar - x_bar @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
