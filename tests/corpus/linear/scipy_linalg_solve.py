# expect: error=yes all=zero
# why: imports scipy.linalg to solve the normal equations: scipy is a forbidden import in an attempt, and it is not gradient descent anyway.
import numpy as np
import scipy.linalg


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        A = np.column_stack([np.ones(len(X)), X])
        theta = scipy.linalg.solve(A.T @ A, A.T @ y, assume_a="pos")
        self.bias = float(theta[0])
        self.weights = theta[1:]
        self.loss_history = [float(np.mean((A @ theta - y) ** 2))]
        return self

    def predict(self, X):
        return X @ self.weights + self.bias
