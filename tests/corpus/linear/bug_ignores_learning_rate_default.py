# expect: correctness=lose
# why: the update helper has a default lr=0.01 and fit calls it without passing self.learning_rate, so every fit steps with 0.01 whatever learning_rate was given; the ignored hyperparameter is a correctness failure.
# feedback: correctness ~ ignores `learning_rate`
# feedback: correctness !~ sign
import numpy as np


def gradient_step(w, b, grad_w, grad_b, lr=0.01):
    """One plain gradient-descent update."""
    return w - lr * grad_w, b - lr * grad_b


def mse_and_grads(X, y, w, b):
    n = X.shape[0]
    r = X @ w + b - y
    return float(r @ r) / n, 2.0 * (X.T @ r) / n, 2.0 * float(np.sum(r)) / n


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        w = np.zeros(X.shape[1])
        b = 0.0
        self.loss_history = []
        for i in range(self.n_iterations):
            loss, gw, gb = mse_and_grads(X, y, w, b)
            self.loss_history.append(loss)
            if i > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            w, b = gradient_step(w, b, gw, gb)
        self.weights = w
        self.bias = b
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
