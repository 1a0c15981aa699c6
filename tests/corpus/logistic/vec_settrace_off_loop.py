# expect: error=yes correctness=zero vectorization=zero numerical_stability=zero organization=zero convergence=zero
# why: fit switches off the grader's line tracer with sys.settrace(None) to hide a loop over samples; the static stage refuses any use of the grader's instruments, naming the line, so nothing is graded.
import sys

import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        sys.settrace(None)
        n, d = X.shape
        w, b = np.zeros(d), 0.0
        self.loss_history = []
        for t in range(self.n_iterations):
            z = X @ w + b
            self.loss_history.append(float(np.mean(np.logaddexp(0, z) - y * z) + 0.5 * self.l2 * w @ w))
            if t and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            gw, gb = np.zeros(d), 0.0
            for i in range(n):
                e = np.exp(-abs(z[i]))
                p = 1 / (1 + e) if z[i] >= 0 else e / (1 + e)
                gw += (p - y[i]) * X[i]
                gb += p - y[i]
            w = w - self.learning_rate * (gw / n + self.l2 * w)
            b = b - self.learning_rate * gb / n
        self.weights, self.bias = w, float(b)
        return self

    def predict_proba(self, X):
        z = X @ self.weights + self.bias
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
