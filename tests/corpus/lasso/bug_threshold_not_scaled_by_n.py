# expect: correctness=lose convergence=lose
# why: ρ_j and z_j are computed as plain sums (x̃_jᵀr and ||x̃_j||², no 1/n) but the threshold stays alpha instead of n·alpha: the penalty is n times too weak, the weights are barely shrunk and too few are exactly 0, and the stated objective rises along the path.
# feedback: correctness ~ alpha/n
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
        mu_x, mu_y = X.mean(axis=0), y.mean()
        Xc, yc = X - mu_x, y - mu_y
        sq_norms = np.sum(Xc * Xc, axis=0)
        w = np.zeros(d)
        r = yc.copy()
        self.loss_history = []
        for it in range(self.n_iterations):
            self.loss_history.append(float(r @ r / (2 * n) + self.alpha * np.abs(w).sum()))
            if it and abs(self.loss_history[-1] - self.loss_history[-2]) < self.tol:
                break
            for j in range(d):
                if sq_norms[j] == 0.0:
                    continue
                rho = Xc[:, j] @ r + sq_norms[j] * w[j]
                w_new = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / sq_norms[j]
                r += (w[j] - w_new) * Xc[:, j]
                w[j] = w_new
        self.weights = w
        self.bias = float(mu_y - mu_x @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
