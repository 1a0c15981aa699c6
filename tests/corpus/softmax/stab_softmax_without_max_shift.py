# expect: numerical_stability=lose
# why: the loss is a correct log-sum-exp with the max shift, but the softmax used for the gradient and predict_proba exponentiates the raw logits: e^1000 overflows, the probabilities become NaN, and so do the parameters after the next step.
# feedback: numerical_stability ~ overflow
# feedback: numerical_stability ~ maximum
import numpy as np


def logsumexp(Z):
    m = Z.max(axis=1)
    return m + np.log(np.exp(Z - m[:, None]).sum(axis=1))


def softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(np.int64)
        n, d = X.shape
        K = y.max() + 1
        Y = (y[:, None] == np.arange(K)).astype(float)
        W = np.zeros((d, K))
        b = np.zeros(K)
        self.loss_history = []
        for t in range(self.n_iterations):
            Z = X @ W + b
            loss = np.mean(logsumexp(Z) - Z[np.arange(n), y]) + 0.5 * self.l2 * np.sum(W ** 2)
            self.loss_history.append(float(loss))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            G = (softmax(Z) - Y) / n
            W = W - self.learning_rate * (X.T @ G + self.l2 * W)
            b = b - self.learning_rate * G.sum(axis=0)
        self.weights, self.bias = W, b
        return self

    def predict_proba(self, X):
        return softmax(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X):
        return (np.asarray(X, dtype=float) @ self.weights + self.bias).argmax(axis=1)
