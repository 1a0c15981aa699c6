# expect: correctness=lose convergence=lose numerical_stability=lose
# why: solves the normal equations with np.linalg.inv instead of gradient descent: no trajectory, a one-entry loss_history, learning_rate ignored, and XᵀX is singular for constant or duplicated columns (LinAlgError or garbage).
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        A = np.c_[np.ones(len(X)), X]
        theta = np.linalg.inv(A.T @ A) @ A.T @ y     # closed form, no iterations needed
        self.bias = float(theta[0])
        self.weights = theta[1:]
        residual = A @ theta - y
        self.loss_history = [float(np.mean(residual ** 2))]
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
