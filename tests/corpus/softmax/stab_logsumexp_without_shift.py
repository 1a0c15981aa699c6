# expect: numerical_stability=lose
# why: the softmax is max-shifted, but the loss's log-sum-exp is written as np.log(np.sum(np.exp(Z))) on the raw logits: e^1000 overflows to inf, so the recorded loss is inf (with an overflow warning) exactly when the predictions are confident.
# feedback: numerical_stability ~ after subtracting its maximum
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

    def _loss(self, Z, y, W):
        lse = np.log(np.sum(np.exp(Z), axis=1))
        return np.mean(lse - Z[np.arange(len(y)), y]) + 0.5 * self.l2 * np.sum(W ** 2)

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
            self.loss_history.append(float(self._loss(Z, y, W)))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            G = self._softmax(Z) - Y
            W = W - self.learning_rate * (X.T @ G / n + self.l2 * W)
            b = b - self.learning_rate * G.mean(axis=0)
        self.weights = W
        self.bias = b
        return self

    def predict_proba(self, X):
        return self._softmax(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X):
        return np.argmax(np.asarray(X, dtype=float) @ self.weights + self.bias, axis=1)
