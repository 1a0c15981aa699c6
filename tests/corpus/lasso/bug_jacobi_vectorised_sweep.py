# expect: correctness=lose convergence=lose
# why: the sweep is "vectorised": all coordinates are soft-thresholded at once from the same residual (a Jacobi update), which is not coordinate descent; it overshoots on correlated features, where the objective rises and the weights diverge.
# feedback: correctness ~ Gauss–Seidel
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
        xm, ym = X.mean(axis=0), y.mean()
        Xc, yc = X - xm, y - ym
        z = np.einsum("ij,ij->j", Xc, Xc) / n
        safe = np.where(z > 0, z, 1.0)
        w = np.zeros(d)
        self.loss_history = []
        for t in range(self.n_iterations):
            r = yc - Xc @ w
            self.loss_history.append(float(r @ r / (2 * n) + self.alpha * np.abs(w).sum()))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            rho = Xc.T @ r / n + z * w
            w = np.where(z > 0, np.sign(rho) * np.maximum(np.abs(rho) - self.alpha, 0.0) / safe, 0.0)
        self.weights = w
        self.bias = float(ym - xm @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
