# expect: correctness=lose
# why: the l2 term is added to the bias gradient too (the statement penalises W only); invisible with l2 = 0, caught when l2 > 0.
# feedback: correctness ~ bias too
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _log_softmax(self, Z):
        Z = Z - np.max(Z, axis=1, keepdims=True)
        return Z - np.log(np.sum(np.exp(Z), axis=1, keepdims=True))

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(int)
        n, d = X.shape
        K = int(np.max(y)) + 1
        Y = (y[:, None] == np.arange(K)).astype(float)
        self.weights = np.zeros((d, K))
        self.bias = np.zeros(K)
        self.loss_history = []
        for i in range(self.n_iterations):
            log_P = self._log_softmax(X @ self.weights + self.bias)
            loss = -np.mean(np.sum(Y * log_P, axis=1)) + self.l2 / 2 * np.sum(self.weights ** 2)
            self.loss_history.append(float(loss))
            if i > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            G = (np.exp(log_P) - Y) / n
            self.weights = self.weights - self.learning_rate * (X.T @ G + self.l2 * self.weights)
            self.bias = self.bias - self.learning_rate * (G.sum(axis=0) + self.l2 * self.bias)
        return self

    def predict_proba(self, X):
        return np.exp(self._log_softmax(np.asarray(X, dtype=float) @ self.weights + self.bias))

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=1)
