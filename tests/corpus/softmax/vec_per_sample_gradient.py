# expect: vectorization=lose
# why: the gradient is accumulated sample by sample inside every iteration (outer products x_i (p_i − y_i)ᵀ); the math is identical, so only vectorization loses.
# feedback: vectorization ~ once per sample
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def _log_softmax(Z):
        Z = Z - Z.max(axis=1, keepdims=True)
        return Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))

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
            log_P = self._log_softmax(X @ W + b)
            self.loss_history.append(float(-np.mean(log_P[np.arange(n), y]) + 0.5 * self.l2 * np.sum(W ** 2)))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            P = np.exp(log_P)
            dW = np.zeros((d, K))
            db = np.zeros(K)
            for i in range(n):
                r = P[i] - Y[i]
                dW += np.outer(X[i], r)
                db += r
            W = W - self.learning_rate * (dW / n + self.l2 * W)
            b = b - self.learning_rate * db / n
        self.weights, self.bias = W, b
        return self

    def predict_proba(self, X):
        return np.exp(self._log_softmax(np.asarray(X, dtype=float) @ self.weights + self.bias))

    def predict(self, X):
        return np.argmax(np.asarray(X, dtype=float) @ self.weights + self.bias, axis=1)
