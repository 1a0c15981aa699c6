# expect: correctness=lose convergence=lose
# why: np.linalg.lstsq gives the least-squares optimum (stable, even on collinear data) but it is not the gradient descent the contract asks for: no trajectory or gradient steps, a one-entry loss_history, and learning_rate and n_iterations are ignored.
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        A = np.column_stack([X, np.ones(X.shape[0])])
        theta, *_ = np.linalg.lstsq(A, y, rcond=None)
        self.weights = theta[:-1]
        self.bias = float(theta[-1])
        r = A @ theta - y
        self.loss_history = [float(r @ r / len(y))]
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
