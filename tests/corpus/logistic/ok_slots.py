# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: the class declares __slots__ for its hyperparameters and fitted attributes (no instance __dict__): a legal memory-saving style that changes nothing about the contract, so nothing is lost.
import numpy as np


class LogisticRegression:
    __slots__ = ("learning_rate", "n_iterations", "tol", "l2", "weights", "bias", "loss_history")

    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def _sigmoid(z):
        negative_part = np.minimum(z, 0.0)
        # e^min(z,0) / (e^min(z,0) + e^-max(z,0)): both exponents are <= 0
        top = np.exp(negative_part)
        return top / (top + np.exp(negative_part - z))

    def _objective(self, z, y, w):
        return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * self.l2 * np.dot(w, w))

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n = len(y)
        w, b = np.zeros(X.shape[1]), 0.0
        history = []
        for t in range(self.n_iterations):
            z = X @ w + b
            history.append(self._objective(z, y, w))
            if t > 0 and abs(history[-2] - history[-1]) < self.tol:
                break
            g = self._sigmoid(z) - y
            w = w - self.learning_rate * (X.T @ g / n + self.l2 * w)
            b = b - self.learning_rate * float(np.mean(g))
        self.weights, self.bias, self.loss_history = w, b, history
        return self

    def predict_proba(self, X):
        return self._sigmoid(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
