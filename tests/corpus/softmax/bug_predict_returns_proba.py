# expect: correctness=lose
# why: predict returns the probability matrix instead of the class labels (it forgot the argmax); everything else is right.
# feedback: correctness ~ predict(X)
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
        Y = np.eye(K)[y]
        self.weights = np.zeros((d, K))
        self.bias = np.zeros(K)
        self.loss_history = []
        for t in range(self.n_iterations):
            Z = X @ self.weights + self.bias
            Z = Z - Z.max(axis=1, keepdims=True)
            log_P = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
            self.loss_history.append(float(-np.mean(np.sum(Y * log_P, axis=1)) + 0.5 * self.l2 * np.sum(self.weights ** 2)))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            G = np.exp(log_P) - Y
            self.weights = self.weights - self.learning_rate * (X.T @ G / n + self.l2 * self.weights)
            self.bias = self.bias - self.learning_rate * G.mean(axis=0)
        return self

    def predict_proba(self, X):
        Z = np.asarray(X, dtype=float) @ self.weights + self.bias
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.predict_proba(X)
