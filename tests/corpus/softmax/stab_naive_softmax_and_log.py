# expect: numerical_stability=lose
# why: the textbook softmax e^z / Σ e^z without the max shift and the loss as log of that probability: right at moderate logits, but e^1000 overflows to inf, inf/inf is NaN, and the loss and the parameters become NaN.
# feedback: numerical_stability ~ maximum
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _softmax(self, z):
        exp_z = np.exp(z)
        return exp_z / np.sum(exp_z, axis=1, keepdims=True)

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(int)
        n_samples, n_features = X.shape
        n_classes = int(y.max()) + 1
        y_onehot = np.eye(n_classes)[y]
        self.weights = np.zeros((n_features, n_classes))
        self.bias = np.zeros(n_classes)
        self.loss_history = []
        for i in range(self.n_iterations):
            probs = self._softmax(X @ self.weights + self.bias)
            loss = -np.mean(np.log(probs[np.arange(n_samples), y])) + self.l2 / 2 * np.sum(self.weights ** 2)
            self.loss_history.append(loss)
            if i > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            dz = (probs - y_onehot) / n_samples
            dw = X.T @ dz + self.l2 * self.weights
            db = np.sum(dz, axis=0)
            self.weights = self.weights - self.learning_rate * dw
            self.bias = self.bias - self.learning_rate * db
        return self

    def predict_proba(self, X):
        return self._softmax(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=1)
