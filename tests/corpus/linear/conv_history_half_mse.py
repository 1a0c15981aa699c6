# expect: convergence=lose
# why: loss_history records ½·MSE (the course convention) while the steps use the stated gradient of the MSE without ½: the parameters are right, but every history entry is half the stated objective and the stopping rule sees changes half as large.
# feedback: convergence ~ half
# feedback: convergence !~ after the first update
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    @staticmethod
    def _cost(error):
        return 0.5 * float(np.mean(error ** 2))

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        num_samples, num_features = X.shape
        coef = np.zeros(num_features)
        intercept = 0.0
        self.loss_history = []
        for epoch in range(self.n_iterations):
            error = X @ coef + intercept - y
            self.loss_history.append(self._cost(error))
            if epoch >= 1 and abs(self.loss_history[-1] - self.loss_history[-2]) < self.tol:
                break
            coef -= self.learning_rate * (2 / num_samples) * (X.T @ error)
            intercept -= self.learning_rate * (2 / num_samples) * error.sum()
        self.weights = coef
        self.bias = float(intercept)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
