# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: a while loop with a counter, helper methods, extra private attributes (_n_features, n_iter_), np.einsum and a loss history kept as a NumPy array are all equivalent.
import numpy as np


class LogisticRegression:
    """Logistic regression, batch gradient descent."""

    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _logits(self, X, w, b):
        return np.einsum("nd,d->n", X, w) + b

    @staticmethod
    def _sigmoid(z):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

    def _objective(self, z, y, w):
        return np.mean(np.logaddexp(0, z) - y * z) + 0.5 * self.l2 * np.einsum("d,d->", w, w)

    def _gradients(self, X, z, y, w):
        r = self._sigmoid(z) - y
        return np.einsum("nd,n->d", X, r) / len(y) + self.l2 * w, r.mean()

    def fit(self, X, y):
        X = np.array(X, dtype=float)
        y = np.array(y, dtype=float)
        self._n_features = X.shape[1]
        w = np.zeros(self._n_features)
        b = 0.0
        losses = np.empty(self.n_iterations)
        it = 0
        prev = None
        while it < self.n_iterations:
            z = self._logits(X, w, b)
            cur = self._objective(z, y, w)
            losses[it] = cur
            it += 1
            if prev is not None and abs(prev - cur) < self.tol:
                break
            prev = cur
            gw, gb = self._gradients(X, z, y, w)
            w -= self.learning_rate * gw
            b -= self.learning_rate * gb
        self.weights = w
        self.bias = float(b)
        self.loss_history = losses[:it].copy()
        self.n_iter_ = it
        return self

    def predict_proba(self, X):
        return self._sigmoid(self._logits(np.asarray(X, dtype=float), self.weights, self.bias))

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(np.int64)
