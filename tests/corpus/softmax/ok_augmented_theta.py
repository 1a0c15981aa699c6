# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: the bias is folded into Θ (d + 1, K) with a column of ones and a penalty mask that leaves its row out; weights and bias are split out at the end and the methods use them; the softmax is exp(Z − logsumexp) with the max shift.
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def _lse(Z):
        m = Z.max(axis=1, keepdims=True)
        return m + np.log(np.exp(Z - m).sum(axis=1, keepdims=True))

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.rint(np.asarray(y, dtype=float)).astype(int)
        n = X.shape[0]
        A = np.hstack([np.ones((n, 1)), X])                # (n, d + 1)
        K = y.max() + 1
        Y = np.zeros((n, K))
        Y[np.arange(n), y] = 1.0
        theta = np.zeros((A.shape[1], K))
        mask = np.ones_like(theta)
        mask[0] = 0.0                                      # the bias row is not penalised
        self.loss_history = []
        for t in range(self.n_iterations):
            Z = A @ theta
            lse = self._lse(Z)
            penalty = 0.5 * self.l2 * np.sum((mask * theta) ** 2)
            self.loss_history.append(float(np.mean(lse[:, 0] - Z[np.arange(n), y]) + penalty))
            if t and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            grad = A.T @ (np.exp(Z - lse) - Y) / n + self.l2 * mask * theta
            theta = theta - self.learning_rate * grad
        self.bias = theta[0].copy()
        self.weights = theta[1:].copy()
        return self

    def predict_proba(self, X):
        Z = np.asarray(X, dtype=float) @ self.weights + self.bias
        return np.exp(Z - self._lse(Z))

    def predict(self, X):
        return np.argmax(np.asarray(X, dtype=float) @ self.weights + self.bias, axis=1)
