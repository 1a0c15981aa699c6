# expect: organization=lose
# why: fit prints the loss every 100 iterations (progress logging left in from debugging); the model, the history and the predictions are right, but library code that writes to the terminal costs organization.
# feedback: organization ~ prints
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def _sigmoid(z):
        # sigma(z) = exp(-log(1 + e^-z)), evaluated without overflow
        return np.exp(-np.logaddexp(0.0, -z))

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        self.weights = np.zeros(d)
        self.bias = 0.0
        self.loss_history = []
        for iteration in range(self.n_iterations):
            z = X @ self.weights + self.bias
            loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * self.l2 * self.weights @ self.weights
            self.loss_history.append(float(loss))
            if iteration % 100 == 0:
                print(f"iteration {iteration:5d}  loss {loss:.6f}")
            if iteration > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            residual = self._sigmoid(z) - y
            self.weights = self.weights - self.learning_rate * (X.T @ residual / n + self.l2 * self.weights)
            self.bias = self.bias - self.learning_rate * residual.mean()
        return self

    def predict_proba(self, X):
        return self._sigmoid(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
