# expect: organization=lose
# why: fit rewrites y in place to ±1 labels (y[y == 0] = −1) and uses the equivalent ±1 formulation: the math is right, but the caller's array is modified.
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        y[y == 0] = -1                      # ±1 labels: loss = log(1 + exp(-y z))
        n, d = X.shape
        w = np.zeros(d)
        b = 0.0
        self.loss_history = []
        for t in range(self.n_iterations):
            m = y * (X @ w + b)             # margins
            self.loss_history.append(np.mean(np.logaddexp(0, -m)) + 0.5 * self.l2 * np.sum(w * w))
            if t > 0 and abs(self.loss_history[-1] - self.loss_history[-2]) < self.tol:
                break
            s = y * np.exp(-np.logaddexp(0, m))   # y · σ(−m)
            w = w - self.learning_rate * (-(X.T @ s) / n + self.l2 * w)
            b = b - self.learning_rate * (-np.mean(s))
        self.weights, self.bias = w, float(b)
        return self

    def predict_proba(self, X):
        return np.exp(-np.logaddexp(0, -(X @ self.weights + self.bias)))

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
