# expect: correctness=lose
# why: the bias is kept as np.zeros(1) and stored as that (1,) array instead of a float; the descent itself is exactly right, so only the fitted-attribute contract fails.
# feedback: correctness ~ (1,)
# feedback: correctness ~ single float
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n = X.shape[0]
        weights = np.zeros(X.shape[1])
        bias = np.zeros(1)
        history = []
        for step in range(self.n_iterations):
            preds = X @ weights + bias          # bias broadcasts over the rows
            diff = preds - y
            mse = np.mean(diff ** 2)
            history.append(float(mse))
            if step and abs(history[-2] - history[-1]) < self.tol:
                break
            dw = 2 * X.T.dot(diff) / n
            db = 2 * np.sum(diff) / n
            weights = weights - self.learning_rate * dw
            bias = bias - self.learning_rate * db
        self.weights = weights
        self.bias = bias
        self.loss_history = history
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return X @ self.weights + self.bias
