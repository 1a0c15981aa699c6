# expect: correctness=lose
# why: the weights are fitted correctly on centred data, but the bias is stored as mean(y), forgetting the − x̄·w term; the features here are not centred, so every prediction is shifted.
# feedback: correctness ~ x̄·w
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
        Xc = X - X.mean(axis=0)
        yc = y - y.mean()
        col_var = np.sum(Xc ** 2, axis=0) / n
        w = np.zeros(d)
        res = yc.copy()
        self.loss_history = []
        for t in range(self.n_iterations):
            self.loss_history.append(float(res @ res / (2 * n) + self.alpha * np.abs(w).sum()))
            if t > 0 and abs(self.loss_history[-1] - self.loss_history[-2]) < self.tol:
                break
            for j in range(d):
                if col_var[j] == 0:
                    continue
                old = w[j]
                rho = Xc[:, j] @ res / n + col_var[j] * old
                w[j] = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / col_var[j]
                if w[j] != old:
                    res -= (w[j] - old) * Xc[:, j]
        self.weights = w
        self.bias = float(y.mean())
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
