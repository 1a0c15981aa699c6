# expect: correctness=lose
# why: the soft-threshold is written max(ρ − alpha, 0), which is only the positive half of sign(ρ)·max(|ρ| − alpha, 0): every weight that should be negative is clamped to 0 (a non-negative lasso by accident).
# feedback: correctness ~ both signs
import numpy as np


class Lasso:
    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    def _loss(self, r, w):
        return 0.5 * (r @ r) / r.shape[0] + self.alpha * np.linalg.norm(w, 1)

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        Xm = X.mean(axis=0)
        ym = y.mean()
        Xc = X - Xm
        z = (Xc ** 2).mean(axis=0)
        w = np.zeros(d)
        r = y - ym
        self.loss_history = []
        for _ in range(self.n_iterations):
            self.loss_history.append(self._loss(r, w))
            if len(self.loss_history) >= 2 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            for j in range(d):
                if z[j] == 0:
                    continue
                rho = Xc[:, j].dot(r) / n + z[j] * w[j]
                wj = max(rho - self.alpha, 0.0) / z[j]
                r -= Xc[:, j] * (wj - w[j])
                w[j] = wj
        self.weights = w
        self.bias = float(ym - Xm.dot(w))
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
