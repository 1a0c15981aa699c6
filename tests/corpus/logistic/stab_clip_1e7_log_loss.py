# expect: numerical_stability=lose
# why: the loss clips p to [1e-7, 1 − 1e-7] before the logs (Keras's epsilon; the sigmoid itself is stable): finite and without warnings, but a confidently wrong prediction costs at most −log(1e-7) ≈ 16.1 instead of about |z|, so the recorded loss is already wrong at logits of ±20, earlier than with a 1e-15 clip (which only goes wrong past ±34.5), and it loses more.
# feedback: numerical_stability ~ logits
# feedback: numerical_stability ~ np.logaddexp
import numpy as np

EPS = 1e-7


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def sigmoid(z):
        z = np.asarray(z, dtype=float)
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    def binary_cross_entropy(self, y, p, w):
        p = np.clip(p, EPS, 1.0 - EPS)                      # keep the logs finite
        bce = -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))
        return bce + 0.5 * self.l2 * np.sum(w ** 2)

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n_samples, n_features = X.shape
        w = np.zeros(n_features)
        b = 0.0
        self.loss_history = []
        for epoch in range(self.n_iterations):
            p = self.sigmoid(X @ w + b)
            self.loss_history.append(float(self.binary_cross_entropy(y, p, w)))
            if epoch >= 1 and abs(self.loss_history[-1] - self.loss_history[-2]) < self.tol:
                break
            dz = p - y
            w = w - self.learning_rate * (np.dot(X.T, dz) / n_samples + self.l2 * w)
            b = b - self.learning_rate * np.mean(dz)
        self.weights = w
        self.bias = float(b)
        return self

    def predict_proba(self, X):
        return self.sigmoid(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
