# expect: numerical_stability=lose
# why: the update divides by z_j = ||x̃_j||²/n with no guard: for a column that is all zeros (or constant) that is 0/0 = NaN, with warnings, and the NaN spreads through the residual to every weight.
# feedback: numerical_stability ~ z_j
# feedback: numerical_stability !~ cancel
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
        x_mean = X.mean(axis=0)
        y_mean = y.mean()
        Xc = X - x_mean
        r = y - y_mean
        z = np.einsum("ij,ij->j", Xc, Xc) / n
        w = np.zeros(d)
        self.loss_history = []
        for t in range(self.n_iterations):
            self.loss_history.append(float(r @ r / (2 * n) + self.alpha * np.sum(np.abs(w))))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            for j in range(d):
                rho = Xc[:, j] @ r / n + z[j] * w[j]
                w_new = np.sign(rho) * np.maximum(np.abs(rho) - self.alpha, 0.0) / z[j]
                r = r - (w_new - w[j]) * Xc[:, j]
                w[j] = w_new
        self.weights = w
        self.bias = float(y_mean - x_mean @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
