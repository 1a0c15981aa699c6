# expect: correctness=lose
# why: the model has no intercept at all (no `bias` attribute, logits X @ w), so it cannot fit classes whose boundary does not pass through the origin; the descent on w is otherwise the stated one and the history is the objective of its own logits.
# feedback: correctness ~ intercept
import numpy as np


def _sigmoid(t):
    out = np.empty(t.shape)
    big = t >= 0
    out[big] = 1.0 / (1.0 + np.exp(-t[big]))
    small = np.exp(t[~big])
    out[~big] = small / (1.0 + small)
    return out


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _loss(self, X, y, w):
        z = X @ w
        return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * self.l2 * (w @ w))

    def _step(self, X, y, w):
        p = _sigmoid(X @ w)
        grad = X.T @ (p - y) / len(y) + self.l2 * w
        return w - self.learning_rate * grad

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        w = np.zeros(X.shape[1])
        self.loss_history = []
        for i in range(self.n_iterations):
            self.loss_history.append(self._loss(X, y, w))
            if i and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            w = self._step(X, y, w)
        self.weights = w
        return self

    def predict_proba(self, X):
        return _sigmoid(np.asarray(X, dtype=float) @ self.weights)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
