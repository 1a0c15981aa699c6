# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: folding the bias into a column of ones and a single parameter vector theta is the same gradient descent; weights and bias are split out at the end.
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
        A = np.hstack([X, np.ones((n, 1))])          # (n, d+1), last column for the bias
        theta = np.zeros(A.shape[1])
        self.loss_history = []
        for i in range(self.n_iterations):
            r = A @ theta - y
            loss = np.dot(r, r) / n
            self.loss_history.append(float(loss))
            if i and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            theta -= self.learning_rate * (2 / n) * (A.T @ r)
        self.weights = theta[:-1].copy()
        self.bias = float(theta[-1])
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
