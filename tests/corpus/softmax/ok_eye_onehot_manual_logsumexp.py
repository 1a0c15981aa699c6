# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: one-hot by np.eye(K)[y], the log-sum-exp written out as np.log(np.sum(np.exp(z − m))) + m, the loss as mean(lse) − Σ Y·Z / n, and the softmax as exp(Z − lse): another order of the same stable operations.
import numpy as np


def logsumexp_rows(Z):
    m = np.max(Z, axis=1, keepdims=True)
    return np.log(np.sum(np.exp(Z - m), axis=1, keepdims=True)) + m


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(np.int64)
        n_samples, n_features = X.shape
        n_classes = int(y.max()) + 1
        Y = np.eye(n_classes)[y]
        self.weights = np.zeros((n_features, n_classes))
        self.bias = np.zeros(n_classes)
        self.loss_history = []
        for i in range(self.n_iterations):
            Z = X @ self.weights + self.bias
            lse = logsumexp_rows(Z)
            loss = np.mean(lse) - np.sum(Y * Z) / n_samples + self.l2 / 2 * np.sum(self.weights ** 2)
            self.loss_history.append(float(loss))
            if i > 0 and abs(self.loss_history[i - 1] - self.loss_history[i]) < self.tol:
                break
            P = np.exp(Z - lse)
            dW = X.T @ (P - Y) / n_samples + self.l2 * self.weights
            db = np.mean(P - Y, axis=0)
            self.weights = self.weights - self.learning_rate * dW
            self.bias = self.bias - self.learning_rate * db
        return self

    def predict_proba(self, X):
        Z = np.asarray(X, dtype=float) @ self.weights + self.bias
        return np.exp(Z - logsumexp_rows(Z))

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=1)
