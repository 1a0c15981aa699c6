# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: sigmoid as 0.5·(1 + tanh(z/2)) never overflows and is exact to rounding; the loss is written as −log σ(±z) via logaddexp.
import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        n, d = X.shape
        w, b = np.zeros(d), 0.0
        history = []
        for _ in range(self.n_iterations):
            z = X @ w + b
            # -[y log σ(z) + (1-y) log σ(-z)], with log σ(t) = -logaddexp(0, -t)
            loss = np.mean(y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z))
            loss += self.l2 / 2 * np.sum(w ** 2)
            history.append(float(loss))
            if len(history) >= 2 and abs(history[-1] - history[-2]) < self.tol:
                break
            g = sigmoid(z) - y
            w, b = w - self.learning_rate * (X.T @ g / n + self.l2 * w), b - self.learning_rate * g.mean()
        self.weights, self.bias, self.loss_history = w, float(b), history
        return self

    def predict_proba(self, X):
        return sigmoid(np.asarray(X, dtype=np.float64) @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return np.where(self.predict_proba(X) >= threshold, 1, 0)
