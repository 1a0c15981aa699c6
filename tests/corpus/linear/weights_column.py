# expect: correctness=lose
# why: the weights are kept as a (d, 1) column (y reshaped to (n, 1) to make the algebra work); predict flattens its output, but the fitted weights break the (d,) contract.
# feedback: correctness ~ column
# feedback: correctness ~ (d,)
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        Y = np.asarray(y, dtype=float).reshape(-1, 1)   # (n, 1)
        m, d = X.shape
        self.weights = np.zeros((d, 1))
        self.bias = 0.0
        self.loss_history = []
        for i in range(self.n_iterations):
            E = X @ self.weights + self.bias - Y        # (n, 1)
            loss = float(np.mean(E ** 2))
            self.loss_history.append(loss)
            if i > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            self.weights = self.weights - self.learning_rate * (2 / m) * (X.T @ E)
            self.bias = self.bias - self.learning_rate * (2 / m) * float(E.sum())
        return self

    def predict(self, X):
        return (np.asarray(X, dtype=float) @ self.weights).ravel() + self.bias
