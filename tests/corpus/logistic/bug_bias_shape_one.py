# expect: correctness=lose
# why: the bias is kept as np.zeros(1) and stored as that shape-(1,) array instead of a float; it broadcasts in every formula, so the descent, the history and the predictions are exactly right and only the fitted-attribute contract fails.
# feedback: correctness ~ (1,)
# feedback: correctness ~ single float
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _sigmoid(self, z):
        # split on the sign so that exp never sees a large positive argument
        result = np.zeros_like(z)
        neg = z < 0
        result[~neg] = 1.0 / (1.0 + np.exp(-z[~neg]))
        e = np.exp(z[neg])
        result[neg] = e / (1.0 + e)
        return result

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        m, n_features = X.shape

        self.weights = np.zeros(n_features)
        self.bias = np.zeros(1)
        self.loss_history = []

        for it in range(self.n_iterations):
            z = X @ self.weights + self.bias
            loss = np.mean(np.logaddexp(0, z) - y * z) + self.l2 / 2 * np.dot(self.weights, self.weights)
            self.loss_history.append(float(loss))
            if it > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break

            diff = self._sigmoid(z) - y
            dw = (X.T @ diff) / m + self.l2 * self.weights
            db = np.sum(diff) / m

            self.weights = self.weights - self.learning_rate * dw
            self.bias = self.bias - self.learning_rate * db

        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        return self._sigmoid(X @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
