# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: the course's base pattern (a base class whose fit calls _forward, _compute_loss and
#      _compute_gradients) written to the contract and with stable formulas: nothing to lose.
import numpy as np


class MLAlgorithm:
    """Base pattern for from-scratch implementations."""

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n_samples, n_features = X.shape
        self.weights = np.zeros(n_features)
        self.bias = 0.0
        self.loss_history = []
        for i in range(self.n_iterations):
            predictions = self._forward(X)
            loss = self._compute_loss(predictions, y)
            self.loss_history.append(loss)
            if i > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            dw, db = self._compute_gradients(X, y, predictions)
            self.weights = self.weights - self.learning_rate * dw
            self.bias = self.bias - self.learning_rate * db
        return self

    def _forward(self, X):
        raise NotImplementedError

    def _compute_loss(self, predictions, y):
        raise NotImplementedError

    def _compute_gradients(self, X, y, predictions):
        raise NotImplementedError


class LogisticRegression(MLAlgorithm):
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _forward(self, X):
        return X @ self.weights + self.bias  # logits

    def _compute_loss(self, z, y):
        data = np.mean(np.logaddexp(0.0, z) - y * z)
        return float(data + 0.5 * self.l2 * np.dot(self.weights, self.weights))

    def _compute_gradients(self, X, y, z):
        r = _sigmoid(z) - y
        return X.T @ r / len(y) + self.l2 * self.weights, float(np.mean(r))

    def predict_proba(self, X):
        return _sigmoid(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)


def _sigmoid(z):
    out = np.empty_like(z, dtype=float)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out
