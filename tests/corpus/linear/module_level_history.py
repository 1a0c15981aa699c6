# expect: organization=lose
# why: loss_history is a module-level list that every fit clears and refills, so all instances share one list: fitting a second model rewrites the first model's history.
import numpy as np

_HISTORY = []


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        w, b = np.zeros(d), 0.0
        _HISTORY.clear()
        for i in range(self.n_iterations):
            r = X @ w + b - y
            _HISTORY.append(float(np.mean(r ** 2)))
            if i > 0 and abs(_HISTORY[-2] - _HISTORY[-1]) < self.tol:
                break
            w = w - self.learning_rate * 2 * (X.T @ r) / n
            b = b - self.learning_rate * 2 * r.mean()
        self.weights, self.bias = w, float(b)
        self.loss_history = _HISTORY
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
