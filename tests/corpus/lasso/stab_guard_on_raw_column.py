# expect: numerical_stability=lose
# why: the zero-column guard tests the raw column (np.any(X[:, j] != 0)), so an all-zero feature is skipped, but a constant feature passes the guard and its centred column, all zeros, gives 0/0 = NaN.
# feedback: numerical_stability ~ centred column
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
        usable = np.any(X != 0, axis=0)                 # skip features that are all zeros
        mx, my = X.mean(axis=0), y.mean()
        Xc = X - mx
        curv = (Xc ** 2).sum(axis=0) / n
        w = np.zeros(d)
        r = y - my
        hist = []
        for it in range(self.n_iterations):
            hist.append(float(r @ r / (2 * n) + self.alpha * np.abs(w).sum()))
            if it > 0 and abs(hist[-2] - hist[-1]) < self.tol:
                break
            for j in np.flatnonzero(usable):
                rho = Xc[:, j] @ r / n + curv[j] * w[j]
                wj = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / curv[j]
                r -= (wj - w[j]) * Xc[:, j]
                w[j] = wj
        self.loss_history = hist
        self.weights = w
        self.bias = float(my - mx @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
