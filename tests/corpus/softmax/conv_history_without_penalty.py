# expect: convergence=lose
# why: the steps include the l2 term, but the recorded loss is the cross-entropy alone, so with l2 > 0 loss_history is not the objective being minimised (and the stopping rule watches the wrong quantity).
# feedback: convergence ~ cross-entropy alone
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(int)
        n, d = X.shape
        K = int(y.max()) + 1
        Y = (y[:, None] == np.arange(K)).astype(float)
        W = np.zeros((d, K))
        b = np.zeros(K)
        self.loss_history = []
        for t in range(self.n_iterations):
            Z = X @ W + b
            Z = Z - Z.max(axis=1, keepdims=True)
            log_P = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
            self.loss_history.append(float(-np.mean(np.sum(Y * log_P, axis=1))))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            G = np.exp(log_P) - Y
            W = W - self.learning_rate * (X.T @ G / n + self.l2 * W)
            b = b - self.learning_rate * G.mean(axis=0)
        self.weights, self.bias = W, b
        return self

    def predict_proba(self, X):
        Z = np.asarray(X, dtype=float) @ self.weights + self.bias
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)

    def predict(self, X):
        return np.argmax(np.asarray(X, dtype=float) @ self.weights + self.bias, axis=1)
