# expect: organization=lose
# why: the file trains a demo model and prints its weights at import time (no `if __name__ == "__main__":` guard): work and output at import; the class itself is right.
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        w, b = np.zeros(d), 0.0
        self.loss_history = []
        for i in range(self.n_iterations):
            r = X @ w + b - y
            self.loss_history.append(float(r @ r / n))
            if i > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            w = w - self.learning_rate * 2 * (X.T @ r) / n
            b = b - self.learning_rate * 2 * r.mean()
        self.weights, self.bias = w, float(b)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias


rng = np.random.default_rng(0)
X_demo = rng.normal(size=(100, 3))
y_demo = X_demo @ np.array([1.0, -2.0, 0.5]) + 3.0
demo = LinearRegression(learning_rate=0.1).fit(X_demo, y_demo)
print("demo weights:", demo.weights, "bias:", demo.bias)
