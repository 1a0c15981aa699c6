# expect: correctness=lose
# why: the classes are taken from np.unique(y) and the labels mapped to positions in it, sklearn-style: identical when every label occurs, but with labels {0, 2} the model has 2 columns instead of K = max(y) + 1 = 3 (the statement's contract).
# feedback: correctness ~ max(y) + 1
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.classes = np.unique(y)
        index = np.searchsorted(self.classes, y)
        n, d = X.shape
        k = len(self.classes)
        Y = np.eye(k)[index]
        W = np.zeros((d, k))
        b = np.zeros(k)
        self.loss_history = []
        for i in range(self.n_iterations):
            Z = X @ W + b
            Z = Z - Z.max(axis=1, keepdims=True)
            log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
            loss = -np.mean(log_p[np.arange(n), index]) + 0.5 * self.l2 * np.sum(W * W)
            self.loss_history.append(float(loss))
            if i > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            G = np.exp(log_p) - Y
            W = W - self.learning_rate * (X.T @ G / n + self.l2 * W)
            b = b - self.learning_rate * G.mean(axis=0)
        self.weights, self.bias = W, b
        return self

    def predict_proba(self, X):
        Z = np.asarray(X, dtype=float) @ self.weights + self.bias
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), axis=1)].astype(int)
