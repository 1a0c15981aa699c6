# expect: correctness=lose
# why: fit starts from unseeded random weights (np.random.randn(d) * 0.01 on NumPy's global RNG, a neural-net habit that a convex problem does not need) instead of the stated w = 0, so every trajectory is off and two fits on the same data disagree; one mistake, charged once to correctness (the history faithfully records the loss of the iterates it has, and refits differ only because of that same random start).
# feedback: correctness ~ random
# feedback: correctness !~ sign
import numpy as np


def sigmoid(z):
    """Logistic function that only ever exponentiates non-positive numbers."""
    ez = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + ez), ez / (1.0 + ez))


def cross_entropy_from_logits(z, y):
    # -[y log p + (1 - y) log(1 - p)] = log(1 + e^z) - y z
    return np.mean(np.logaddexp(0.0, z) - y * z)


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

        # small random weights to break symmetry
        w = np.random.randn(d) * 0.01
        b = 0.0
        history = []

        for t in range(self.n_iterations):
            z = X @ w + b
            objective = cross_entropy_from_logits(z, y) + 0.5 * self.l2 * np.sum(w * w)
            history.append(float(objective))
            if t > 0 and abs(history[-2] - history[-1]) < self.tol:
                break
            residual = sigmoid(z) - y
            grad_w = X.T @ residual / n + self.l2 * w
            grad_b = np.mean(residual)
            w = w - self.learning_rate * grad_w
            b = b - self.learning_rate * grad_b

        self.weights = w
        self.bias = float(b)
        self.loss_history = history
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=np.float64)
        return sigmoid(X @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        proba = self.predict_proba(X)
        return np.where(proba >= threshold, 1, 0)
