# expect: organization=lose
# why: the forward pass stores its logits and probabilities on self (self.logits, self.probs), and predict_proba runs the same forward pass, so calling predict or predict_proba changes the fitted model; the numbers are all right.
# feedback: organization ~ changed the model
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _forward(self, X):
        self.logits = X @ self.weights + self.bias
        shifted = self.logits - self.logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        self.probs = exp / exp.sum(axis=1, keepdims=True)
        return self.probs

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
            P = self._forward(X)
            m = self.logits.max(axis=1)
            lse = m + np.log(np.exp(self.logits - m[:, None]).sum(axis=1))
            loss = np.mean(lse - self.logits[np.arange(n), y]) + 0.5 * self.l2 * np.sum(self.weights ** 2)
            self.loss_history.append(float(loss))
            if t > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            G = P - Y
            self.weights = self.weights - self.learning_rate * (X.T @ G / n + self.l2 * self.weights)
            self.bias = self.bias - self.learning_rate * G.mean(axis=0)
        return self

    def predict_proba(self, X):
        return self._forward(np.asarray(X, dtype=float))

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=1)
