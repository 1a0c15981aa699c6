# expect: correctness=lose convergence=lose
# why: the gradient is summed over samples instead of averaged, so every step is n times too big and the descent diverges.
# feedback: correctness ~ sums the gradient
# feedback: correctness ~ divide by n
# feedback: correctness !~ wrong sign
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
            dw = 2 * X.T @ error
            db = 2 * np.sum(error)
            self.weights -= self.learning_rate * dw
            self.bias -= self.learning_rate * db
        return self

    def predict(self, X):
        return X @ self.weights + self.bias
