# expect: correctness=lose convergence=lose
# why: dW = Xᵀ(P − Y) and db = Σ(P − Y) without the 1/n: every step is n times too large, the descent overshoots and the loss rises.
# feedback: correctness ~ sums the gradient
# feedback: convergence ~ sums the gradient
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
        W, b = np.zeros((d, K)), np.zeros(K)
        self.loss_history = []
        for t in range(self.n_iterations):
            Z = X @ W + b
            m = Z.max(axis=1, keepdims=True)
            lse = m + np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
            loss = np.mean(lse[:, 0] - Z[np.arange(n), y]) + 0.5 * self.l2 * np.sum(W * W)
            self.loss_history.append(float(loss))
            if t > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            P = np.exp(Z - lse)
            W = W - self.learning_rate * (X.T @ (P - Y) + self.l2 * W)
            b = b - self.learning_rate * (P - Y).sum(axis=0)
        self.weights, self.bias = W, b
        return self

    def predict_proba(self, X):
        Z = np.asarray(X, dtype=float) @ self.weights + self.bias
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)

    def predict(self, X):
        return (np.asarray(X, dtype=float) @ self.weights + self.bias).argmax(axis=1)
