# expect: correctness=lose
# why: fit starts from unseeded random weights (np.random.rand) instead of w = 0, so every trajectory differs from the stated descent and two fits on the same data disagree; one mistake, charged once to correctness (the history faithfully records the loss of the iterates it has, and refitting differs only because of that same random start).
# feedback: correctness ~ random
# feedback: correctness !~ sign
# feedback: correctness !~ factor 2
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def _mse(self, X, y, w, b):
        resid = X @ w + b - y
        return float(resid @ resid) / X.shape[0]

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n_samples, n_features = X.shape

        # random init so the weights don't all start identical
        w = np.random.rand(n_features)
        b = 0.0

        self.loss_history = []
        for it in range(self.n_iterations):
            cost = self._mse(X, y, w, b)
            self.loss_history.append(cost)
            if it > 0 and abs(self.loss_history[-2] - cost) < self.tol:
                break
            resid = X @ w + b - y
            grad_w = (2.0 / n_samples) * (X.T @ resid)
            grad_b = (2.0 / n_samples) * resid.sum()
            w = w - self.learning_rate * grad_w
            b = b - self.learning_rate * grad_b

        self.weights = w
        self.bias = float(b)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return X @ self.weights + self.bias
