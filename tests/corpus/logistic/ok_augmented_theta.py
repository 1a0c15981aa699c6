# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: the bias is folded into θ with a column of ones and a penalty mask that leaves it out; weights and bias are split out at the end and predict uses them.
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def _sigmoid(z):
        return np.exp(-np.logaddexp(0.0, -z))

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n = X.shape[0]
        A = np.hstack([np.ones((n, 1)), X])          # (n, d+1)
        theta = np.zeros(A.shape[1])
        mask = np.ones_like(theta)
        mask[0] = 0.0                                 # no penalty on the bias
        self.loss_history = []
        for t in range(self.n_iterations):
            z = A @ theta
            reg = 0.5 * self.l2 * np.sum((theta * mask) ** 2)
            self.loss_history.append(float(np.mean(np.logaddexp(0.0, z) - y * z) + reg))
            if t and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            grad = A.T @ (self._sigmoid(z) - y) / n + self.l2 * mask * theta
            theta = theta - self.learning_rate * grad
        self.bias = float(theta[0])
        self.weights = theta[1:].copy()
        return self

    def predict_proba(self, X):
        return self._sigmoid(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
