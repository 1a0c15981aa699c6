# expect: organization=lose
# why: loss_history is a class attribute that fit clears and refills: every instance holds the same list, so fitting a second model rewrites the first one's history.
import numpy as np


class LogisticRegression:
    loss_history = []

    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        n, d = X.shape
        w, b = np.zeros(d), 0.0
        self.loss_history.clear()
        for i in range(self.n_iterations):
            z = X @ w + b
            self.loss_history.append(np.mean(np.logaddexp(0, z) - y * z) + self.l2 / 2 * w @ w)
            if i > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            r = np.exp(-np.logaddexp(0, -z)) - y
            w = w - self.learning_rate * (X.T @ r / n + self.l2 * w)
            b = b - self.learning_rate * r.mean()
        self.weights, self.bias = w, b
        return self

    def predict_proba(self, X):
        return np.exp(-np.logaddexp(0, -(X @ self.weights + self.bias)))

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
