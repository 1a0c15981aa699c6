# expect: correctness=lose
# why: the weights start at 0.01 everywhere ("a small nonzero init to break symmetry", a neural-net habit that a convex least-squares problem does not need) instead of the stated w = 0, so every trajectory is off; the one mistake is the start, charged to correctness, while the history records the true loss of the iterates it has.
# feedback: correctness ~ does not start from the stated initial
# feedback: correctness ~ w = 0
# feedback: correctness !~ sign
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        m, n_feat = X.shape

        # small nonzero init to break symmetry
        self.weights = np.full(n_feat, 0.01)
        self.bias = 0.0
        self.loss_history = []

        prev = None
        i = 0
        while i < self.n_iterations:
            err = X @ self.weights + self.bias - y
            cur = float(np.mean(err * err))
            self.loss_history.append(cur)
            if prev is not None and abs(prev - cur) < self.tol:
                break
            prev = cur
            self.weights = self.weights - self.learning_rate * (2.0 * X.T @ err / m)
            self.bias = self.bias - self.learning_rate * 2.0 * float(err.mean())
            i += 1
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
