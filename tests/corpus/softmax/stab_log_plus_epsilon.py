# expect: numerical_stability=lose
# why: the loss is −mean(Σ Y·log(P + 1e-15)): the epsilon keeps log away from 0, but a confident mistake then costs at most −log(1e-15) ≈ 34.5 instead of the logit gap, so the loss history is wrong at logits of ±1000 (on ordinary data the epsilon is invisible).
# feedback: numerical_stability ~ epsilon
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=int)
        n, d = X.shape
        n_classes = y.max() + 1
        Y = (y.reshape(-1, 1) == np.arange(n_classes)).astype(float)
        self.weights = np.zeros((d, n_classes))
        self.bias = np.zeros(n_classes)
        self.loss_history = []
        for i in range(self.n_iterations):
            P = self.predict_proba(X)
            loss = -np.mean(np.sum(Y * np.log(P + 1e-15), axis=1)) + 0.5 * self.l2 * np.sum(self.weights ** 2)
            self.loss_history.append(float(loss))
            if i > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            grad = P - Y
            self.weights = self.weights - self.learning_rate * (X.T @ grad / n + self.l2 * self.weights)
            self.bias = self.bias - self.learning_rate * grad.mean(axis=0)
        return self

    def predict_proba(self, X):
        Z = np.asarray(X, dtype=float) @ self.weights + self.bias
        Z = Z - Z.max(axis=1, keepdims=True)
        E = np.exp(Z)
        return E / E.sum(axis=1, keepdims=True)

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=1)
