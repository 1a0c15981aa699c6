# expect: numerical_stability=lose
# why: the interview formula θ = (AᵀA + n·alpha·diag(0, 1, ..., 1))⁻¹ Aᵀy with A = [1, X] is the right minimiser (the bias has a 0 in the penalty), but AᵀA of uncentred data squares the offset: with features at 1e5 ± 1 the weights keep only about 5 digits.
# feedback: numerical_stability ~ from uncentred features
# feedback: numerical_stability ~ features around 1e5
# feedback: numerical_stability !~ centres X but not y
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        A = np.column_stack([np.ones(n), X])             # (n, d + 1)
        P = n * self.alpha * np.eye(d + 1)
        P[0, 0] = 0.0                                     # do not penalise the bias
        theta = np.linalg.solve(A.T @ A + P, A.T @ y)
        self.bias = float(theta[0])
        self.weights = theta[1:]
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
