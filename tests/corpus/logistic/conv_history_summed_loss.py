# expect: convergence=lose
# why: loss_history records the sum of the per-sample cross-entropies instead of their mean (n times the stated objective), and the stopping rule compares those sums; the gradient is averaged, so with tol=0 the parameters are exactly the stated ones.
# feedback: convergence ~ summed
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def _prob(z):
        q = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0 / (1.0 + q), q / (1.0 + q))

    def _total_loss(self, z, y, w):
        per_sample = np.logaddexp(0.0, z) - y * z          # -log-likelihood of each sample
        return float(np.sum(per_sample) + 0.5 * self.l2 * np.dot(w, w))

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n = X.shape[0]
        w = np.zeros(X.shape[1])
        b = 0.0
        self.loss_history = []
        for t in range(self.n_iterations):
            z = X @ w + b
            self.loss_history.append(self._total_loss(z, y, w))
            if t > 0 and abs(self.loss_history[t - 1] - self.loss_history[t]) < self.tol:
                break
            r = self._prob(z) - y
            w = w - self.learning_rate * (X.T @ r / n + self.l2 * w)
            b = b - self.learning_rate * r.mean()
        self.weights = w
        self.bias = float(b)
        return self

    def predict_proba(self, X):
        return self._prob(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
