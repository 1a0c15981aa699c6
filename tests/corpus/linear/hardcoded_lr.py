# expect: correctness=lose
# why: fit uses a literal learning rate 0.01 and ignores self.learning_rate: every trajectory with another learning rate is wrong; the ignored hyperparameter is a correctness failure, named in the feedback.
# feedback: correctness ~ ignores `learning_rate`
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
        self.weights = np.zeros(d)
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
            self.weights -= 0.01 * dw
            self.bias -= 0.01 * db
        return self

    def predict(self, X):
        return X @ self.weights + self.bias
