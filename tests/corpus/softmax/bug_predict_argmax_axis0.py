# expect: correctness=lose
# why: predict takes the argmax over axis 0 (for each class, the sample where it is most probable) instead of over the classes of each row: it returns K numbers, not one label per sample.
# feedback: correctness ~ predict(X)
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def _softmax(Z):
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(int)
        n, d = X.shape
        K = int(y.max()) + 1
        Y = np.eye(K)[y]
        W = np.zeros((d, K))
        b = np.zeros(K)
        self.loss_history = []
        for t in range(self.n_iterations):
            Z = X @ W + b
            m = Z.max(axis=1)
            lse = m + np.log(np.exp(Z - m[:, None]).sum(axis=1))
            self.loss_history.append(float(np.mean(lse - Z[np.arange(n), y]) + 0.5 * self.l2 * np.sum(W ** 2)))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            G = self._softmax(Z) - Y
            W = W - self.learning_rate * (X.T @ G / n + self.l2 * W)
            b = b - self.learning_rate * G.mean(axis=0)
        self.weights, self.bias = W, b
        return self

    def predict_proba(self, X):
        return self._softmax(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=0)
