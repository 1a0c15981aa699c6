# expect: convergence=lose
# why: loss_history records the sum of squared residuals (never divided by n), so every entry is n times the stated mean squared error and the stopping rule compares changes n times too large; the steps use the stated gradient, so the parameters are right.
# feedback: convergence ~ summed loss
# feedback: convergence ~ record the mean
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def _residuals(self, X, y):
        return X.dot(self.weights) + self.bias - y

    def _gradients(self, X, r):
        n = X.shape[0]
        return 2.0 * X.T.dot(r) / n, 2.0 * r.sum() / n

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        self.weights = np.zeros(X.shape[1])
        self.bias = 0.0
        self.loss_history = []
        for t in range(self.n_iterations):
            r = self._residuals(X, y)
            sse = float(np.sum(r ** 2))          # squared error of this iterate
            self.loss_history.append(sse)
            if t > 0 and abs(self.loss_history[-2] - sse) < self.tol:
                break
            gw, gb = self._gradients(X, r)
            self.weights = self.weights - self.learning_rate * gw
            self.bias = self.bias - self.learning_rate * gb
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float).dot(self.weights) + self.bias
