# expect: correctness=lose
# why: n is taken from X.shape[1], so the gradient is divided by d instead of n: right only for square X, far too big steps otherwise. The stopping rule itself is right: the objective never settles, so the stop check is not scored (the steps are correctness's fault).
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def _sigmoid(z):
        out = np.empty_like(z)
        pos = z >= 0
        out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
        ez = np.exp(z[~pos])
        out[~pos] = ez / (1.0 + ez)
        return out

    def _loss(self, X, y, w, b):
        z = X @ w + b
        return np.mean(np.logaddexp(0, z) - y * z) + 0.5 * self.l2 * np.dot(w, w)

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n_features = X.shape[1]
        n_samples = X.shape[1]
        self.weights = np.zeros(n_features)
        self.bias = 0.0
        self.loss_history = []
        for i in range(self.n_iterations):
            loss = self._loss(X, y, self.weights, self.bias)
            self.loss_history.append(loss)
            if i > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            p = self._sigmoid(X @ self.weights + self.bias)
            error = p - y
            dw = X.T @ error / n_samples + self.l2 * self.weights
            db = np.mean(error)
            self.weights = self.weights - self.learning_rate * dw
            self.bias = self.bias - self.learning_rate * db
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        return self._sigmoid(X @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
