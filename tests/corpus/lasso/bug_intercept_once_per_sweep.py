# expect: correctness=lose
# why: no centring: the weights are updated on the raw features with the bias held fixed during the sweep and refitted (b = mean(y − Xw)) only once per sweep. It heads for the same minimiser, more slowly, but it is not the stated algorithm (b = ȳ − x̄·w at every step, i.e. coordinate descent on centred data): z_j comes from the raw column and every sweep goes elsewhere. Its history is honest (b is refitted just before each record), so only correctness loses.
# feedback: correctness ~ centred
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
        sq = (X * X).sum(axis=0) / n
        w = np.zeros(d)
        b = y.mean()
        r = y - b
        self.loss_history = []
        for t in range(self.n_iterations):
            self.loss_history.append(float(r @ r / (2 * n) + self.alpha * np.abs(w).sum()))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            for j in range(d):
                if sq[j] == 0:
                    continue
                rho = X[:, j] @ r / n + sq[j] * w[j]
                new = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / sq[j]
                r += X[:, j] * (w[j] - new)
                w[j] = new
            shift = r.mean()            # refit the intercept in closed form
            b += shift
            r -= shift
        self.weights = w
        self.bias = float(b)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
