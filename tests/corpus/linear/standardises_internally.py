# expect: correctness=lose numerical_stability=lose
# why: fit standardises X with (X - mean) / std and maps the weights back: a different descent than the contract (other trajectory and gradient), and a constant feature gives std = 0, hence NaN and divide warnings.
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        self.mean = X.mean(axis=0)
        self.std = X.std(axis=0)
        Z = (X - self.mean) / self.std              # scale features for faster convergence
        n, d = Z.shape
        w = np.zeros(d)
        b = 0.0
        self.loss_history = []
        for i in range(self.n_iterations):
            error = Z @ w + b - y
            loss = np.mean(error ** 2)
            self.loss_history.append(loss)
            if i > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            w -= self.learning_rate * 2 / n * (Z.T @ error)
            b -= self.learning_rate * 2 / n * error.sum()
        # back to the original feature scale
        self.weights = w / self.std
        self.bias = float(b - self.mean @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
