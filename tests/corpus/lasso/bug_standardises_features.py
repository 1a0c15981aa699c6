# expect: correctness=lose convergence=lose
# why: fit standardises X (divides each centred column by its standard deviation) and maps the weights back at the end; that penalises alpha·Σ|w_j·s_j| instead of alpha·||w||₁, a different lasso, so the weights differ wherever a feature's scale is not 1.
# feedback: correctness ~ standardised
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
        mean, std = X.mean(axis=0), X.std(axis=0)
        std = np.where(std > 0, std, 1.0)
        Xs = (X - mean) / std                       # unit variance: z_j = 1 for every column
        active = Xs.std(axis=0) > 0
        yc = y - y.mean()
        v = np.zeros(d)                             # weights on the standardised features
        r = yc.copy()
        self.loss_history = []
        for t in range(self.n_iterations):
            w = v / std
            self.loss_history.append(float(r @ r / (2 * n) + self.alpha * np.abs(w).sum()))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            for j in np.flatnonzero(active):
                rho = Xs[:, j] @ r / n + v[j]
                new = np.sign(rho) * max(abs(rho) - self.alpha, 0.0)
                r -= (new - v[j]) * Xs[:, j]
                v[j] = new
        self.weights = v / std
        self.bias = float(y.mean() - mean @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
