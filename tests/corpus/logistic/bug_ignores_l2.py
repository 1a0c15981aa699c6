# expect: correctness=lose
# why: the constructor stores l2 but neither the loss nor the gradient ever reads it, so fit minimises the unpenalised cross-entropy whatever l2 is; with the default l2=0 everything is right, so only the runs with a penalty differ.
# feedback: correctness ~ ignores `l2`
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _sigmoid(self, z):
        out = np.empty_like(z)
        m = z >= 0
        out[m] = 1 / (1 + np.exp(-z[m]))
        ex = np.exp(z[~m])
        out[~m] = ex / (1 + ex)
        return out

    def _forward(self, X):
        return X @ self.weights + self.bias

    def _compute_loss(self, z, y):
        return float(np.mean(np.logaddexp(0, z) - y * z))

    def _compute_gradients(self, X, z, y):
        err = self._sigmoid(z) - y
        return X.T @ err / len(y), float(np.mean(err))

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        self.weights = np.zeros(X.shape[1])
        self.bias = 0.0
        self.loss_history = []
        for i in range(self.n_iterations):
            z = self._forward(X)
            self.loss_history.append(self._compute_loss(z, y))
            if i > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            dw, db = self._compute_gradients(X, z, y)
            self.weights = self.weights - self.learning_rate * dw
            self.bias = self.bias - self.learning_rate * db
        return self

    def predict_proba(self, X):
        return self._sigmoid(self._forward(np.asarray(X, dtype=float)))

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
