# expect: organization=lose
# why: prints the loss at every iteration (tens of thousands of lines over a grade): output is captured and capped and the model is right, but library code that prints costs organization, as in every problem.
# feedback: organization ~ prints
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
            error = X @ self.weights + self.bias - y
            loss = float(np.mean(error ** 2))
            self.loss_history.append(loss)
            print(f"iteration {i}: loss = {loss:.6f}")
            if i > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                print(f"converged after {i + 1} iterations")
                break
            self.weights = self.weights - self.learning_rate * 2 / n * (X.T @ error)
            self.bias = self.bias - self.learning_rate * 2 * float(np.mean(error))
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
