# expect: vectorization=lose
# why: fit is a correct vectorized coordinate descent, but predict builds its output with a list comprehension over the rows of X (one dot product per sample).
# feedback: vectorization ~ predict
import numpy as np


class Lasso:
    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        mu, ybar = X.mean(axis=0), y.mean()
        Xc = X - mu
        z = (Xc * Xc).sum(axis=0) / n
        w = np.zeros(d)
        r = y - ybar
        self.loss_history = []
        for t in range(self.n_iterations):
            self.loss_history.append(float(r @ r / (2 * n) + self.alpha * np.abs(w).sum()))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            for j in range(d):
                if z[j] == 0:
                    continue
                rho = Xc[:, j] @ r / n + z[j] * w[j]
                new = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / z[j]
                r -= (new - w[j]) * Xc[:, j]
                w[j] = new
        self.weights = w
        self.bias = float(ybar - mu @ w)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return np.array([row @ self.weights + self.bias for row in X])
