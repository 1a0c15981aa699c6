# expect: correctness=lose convergence=lose
# why: n and d are unpacked in the wrong order, so the gradient is divided by d instead of n; only square X would work, and with n >> d the steps diverge.
# feedback: correctness ~ number of features
# feedback: correctness ~ number of samples
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        d, n = X.shape
        self.weights = np.zeros(X.shape[1])
        self.bias = 0.0
        self.loss_history = []
        for i in range(self.n_iterations):
            y_pred = X @ self.weights + self.bias
            error = y_pred - y
            loss = np.mean(error ** 2)
            self.loss_history.append(loss)
            if i > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            dw = (2 / n) * X.T @ error
            db = (2 / n) * np.sum(error)
            self.weights -= self.learning_rate * dw
            self.bias -= self.learning_rate * db
        return self

    def predict(self, X):
        return X @ self.weights + self.bias
