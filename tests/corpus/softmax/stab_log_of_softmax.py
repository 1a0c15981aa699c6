# expect: numerical_stability=lose
# why: the softmax is max-shifted (stable, exact), but the loss takes np.log of the true class's probability: at a confident mistake that probability underflows to exactly 0, log gives −inf (a divide-by-zero warning) and the loss history holds inf.
# feedback: numerical_stability ~ log-sum-exp
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def softmax(z):
        z = z - np.max(z, axis=1, keepdims=True)
        e = np.exp(z)
        return e / np.sum(e, axis=1, keepdims=True)

    def cross_entropy(self, probs, y, W):
        n = len(y)
        return -np.sum(np.log(probs[np.arange(n), y])) / n + 0.5 * self.l2 * np.sum(W * W)

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(int)
        n, d = X.shape
        k = int(np.max(y)) + 1
        onehot = np.zeros((n, k))
        onehot[np.arange(n), y] = 1.0
        self.weights = np.zeros((d, k))
        self.bias = np.zeros(k)
        self.loss_history = []
        for it in range(self.n_iterations):
            probs = self.softmax(X.dot(self.weights) + self.bias)
            self.loss_history.append(float(self.cross_entropy(probs, y, self.weights)))
            if it > 0 and abs(self.loss_history[-1] - self.loss_history[-2]) < self.tol:
                break
            error = probs - onehot
            grad_w = X.T.dot(error) / n + self.l2 * self.weights
            grad_b = error.mean(axis=0)
            self.weights = self.weights - self.learning_rate * grad_w
            self.bias = self.bias - self.learning_rate * grad_b
        return self

    def predict_proba(self, X):
        return self.softmax(np.asarray(X, dtype=float).dot(self.weights) + self.bias)

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=1)
