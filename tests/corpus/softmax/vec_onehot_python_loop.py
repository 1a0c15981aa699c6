# expect: vectorization=lose
# why: the one-hot matrix is filled by a Python loop over the samples, once per fit before the iterations; everything else is vectorized and correct. The kit's per-iteration trace divides this loop by the iterations traced; the problem's own 1-iteration trace catches it.
# feedback: vectorization ~ once per sample
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _one_hot(self, y, k):
        Y = np.zeros((len(y), k))
        for i, label in enumerate(y):
            Y[i, int(label)] = 1.0
        return Y

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(int)
        n, d = X.shape
        k = int(y.max()) + 1
        Y = self._one_hot(y, k)
        self.weights = np.zeros((d, k))
        self.bias = np.zeros(k)
        self.loss_history = []
        for it in range(self.n_iterations):
            Z = X @ self.weights + self.bias
            Z = Z - Z.max(axis=1, keepdims=True)
            log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
            loss = -np.sum(Y * log_p) / n + 0.5 * self.l2 * np.sum(self.weights ** 2)
            self.loss_history.append(float(loss))
            if it > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            G = np.exp(log_p) - Y
            self.weights = self.weights - self.learning_rate * (X.T @ G / n + self.l2 * self.weights)
            self.bias = self.bias - self.learning_rate * G.mean(axis=0)
        return self

    def predict_proba(self, X):
        Z = np.asarray(X, dtype=float) @ self.weights + self.bias
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.predict_proba(X).argmax(axis=1)
