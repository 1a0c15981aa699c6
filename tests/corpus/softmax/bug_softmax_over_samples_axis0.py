# expect: correctness=lose convergence=lose
# why: the softmax helper normalises over axis=0 (each class column sums to 1 over the samples) instead of over the classes of each row; the loss is a correct row-wise log-sum-exp, so the history records the true objective, but the steps are not its gradient: the parameters and predict_proba are wrong, and the loss starts rising after a few steps (convergence loses too).
# feedback: correctness ~ axis=1
import numpy as np


def softmax(z):
    z = z - np.max(z, axis=0)
    e = np.exp(z)
    return e / np.sum(e, axis=0)


def log_sum_exp(z):
    m = np.max(z, axis=1, keepdims=True)
    return (m + np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))).ravel()


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
            loss = np.mean(log_sum_exp(Z) - np.sum(Y * Z, axis=1)) + 0.5 * self.l2 * np.sum(self.weights ** 2)
            self.loss_history.append(float(loss))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            G = softmax(Z) - Y
            self.weights = self.weights - self.learning_rate * (X.T @ G / n + self.l2 * self.weights)
            self.bias = self.bias - self.learning_rate * G.mean(axis=0)
        return self

    def predict_proba(self, X):
        return softmax(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X):
        return np.argmax(np.asarray(X, dtype=float) @ self.weights + self.bias, axis=1)
