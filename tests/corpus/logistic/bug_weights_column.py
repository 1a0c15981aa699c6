# expect: correctness=lose
# why: the weights are kept as a (d, 1) column and y is reshaped to (n, 1) so that the algebra lines up; predict_proba flattens its output, so the descent, the history and the predictions are right, but the fitted weights break the (d,) contract.
# feedback: correctness ~ column
# feedback: correctness ~ (d,)
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def _logistic(z):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        Y = np.asarray(y, dtype=float).reshape(-1, 1)      # (n, 1) to match X @ W
        n_samples, n_features = X.shape

        W = np.zeros((n_features, 1))                      # column vector of weights
        b = 0.0
        losses = []
        for k in range(self.n_iterations):
            Z = X @ W + b                                  # (n, 1)
            nll = np.mean(np.logaddexp(0.0, Z) - Y * Z)
            losses.append(float(nll + 0.5 * self.l2 * np.sum(W ** 2)))
            if k > 0 and abs(losses[-2] - losses[-1]) < self.tol:
                break
            delta = self._logistic(Z) - Y                  # (n, 1)
            W = W - self.learning_rate * (X.T @ delta / n_samples + self.l2 * W)
            b = b - self.learning_rate * float(delta.mean())

        self.weights = W
        self.bias = b
        self.loss_history = losses
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        return self._logistic(X @ self.weights + self.bias).ravel()

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
