# expect: correctness=lose numerical_stability=lose
# why: standardises X "to make the penalty fair", solves there and maps the weights back: the penalty then falls on the rescaled weights (another objective), and a constant column gives 0/0.
# feedback: correctness ~ standardises the features
# feedback: numerical_stability ~ standard deviation
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        mu, sigma = X.mean(axis=0), X.std(axis=0)
        Z = (X - mu) / sigma                              # standardised features
        w_z = np.linalg.solve(Z.T @ Z + n * self.alpha * np.eye(d), Z.T @ (y - y.mean()))
        self.weights = w_z / sigma                        # back to the original units
        self.bias = float(y.mean() - mu @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
