# expect: convergence=lose
# why: the loss is computed and recorded after the update, so loss_history[0] is not log K (the loss at W = 0, b = 0) and the stopping rule looks one step ahead; the parameters follow the contract.
# feedback: convergence ~ after the first update
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _log_softmax(self, Z):
        Z = Z - Z.max(axis=1, keepdims=True)
        return Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(int)
        n, d = X.shape
        K = int(y.max()) + 1
        Y = np.eye(K)[y]
        self.weights = np.zeros((d, K))
        self.bias = np.zeros(K)
        self.loss_history = []
        for t in range(self.n_iterations):
            G = np.exp(self._log_softmax(X @ self.weights + self.bias)) - Y
            self.weights = self.weights - self.learning_rate * (X.T @ G / n + self.l2 * self.weights)
            self.bias = self.bias - self.learning_rate * G.mean(axis=0)
            log_P = self._log_softmax(X @ self.weights + self.bias)
            loss = -np.mean(log_P[np.arange(n), y]) + 0.5 * self.l2 * np.sum(self.weights ** 2)
            self.loss_history.append(float(loss))
            if t > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
        return self

    def predict_proba(self, X):
        return np.exp(self._log_softmax(np.asarray(X, dtype=float) @ self.weights + self.bias))

    def predict(self, X):
        return self.predict_proba(X).argmax(axis=1)
