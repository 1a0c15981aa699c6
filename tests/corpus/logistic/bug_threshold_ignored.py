# expect: correctness=lose
# why: predict accepts threshold but always cuts at 0.5; everything else is right.
# feedback: correctness ~ threshold argument
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        n, d = X.shape
        w = np.zeros(d)
        b = 0.0
        self.loss_history = []
        prev = None
        for _ in range(self.n_iterations):
            z = X @ w + b
            loss = np.mean(np.logaddexp(0, z) - y * z) + self.l2 / 2 * w @ w
            self.loss_history.append(loss)
            if prev is not None and abs(prev - loss) < self.tol:
                break
            prev = loss
            p = 0.5 * (1 + np.tanh(z / 2))
            w = w - self.learning_rate * (X.T @ (p - y) / n + self.l2 * w)
            b = b - self.learning_rate * np.mean(p - y)
        self.weights, self.bias = w, b
        return self

    def predict_proba(self, X):
        return 0.5 * (1 + np.tanh((X @ self.weights + self.bias) / 2))

    def predict(self, X, threshold=0.5):
        return (X @ self.weights + self.bias > 0).astype(int)
