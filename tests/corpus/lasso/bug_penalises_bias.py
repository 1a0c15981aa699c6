# expect: correctness=lose convergence=lose
# why: the intercept is handled as an extra column of ones and updated by the same soft-thresholded coordinate step as the weights, so the bias is penalised (shrunk towards 0) and starts at 0; the weights are fitted on raw features. The history is recorded at this bias, not at the best one, so the convergence checks see it too.
# feedback: correctness ~ bias is never penalised
# feedback: convergence ~ b = 0
# feedback: convergence !~ invented sequence
import numpy as np


class Lasso:
    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    @staticmethod
    def _soft(z, t):
        if z > t:
            return z - t
        if z < -t:
            return z + t
        return 0.0

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n = X.shape[0]
        A = np.hstack([np.ones((n, 1)), X])        # theta[0] is the bias
        theta = np.zeros(A.shape[1])
        col_sq = (A ** 2).sum(axis=0) / n
        r = y - A @ theta
        self.loss_history = []
        for t in range(self.n_iterations):
            obj = (r @ r) / (2 * n) + self.alpha * np.abs(theta[1:]).sum()
            self.loss_history.append(float(obj))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            for j in range(A.shape[1]):
                if col_sq[j] == 0:
                    continue
                rho = A[:, j] @ r / n + col_sq[j] * theta[j]
                new = self._soft(rho, self.alpha) / col_sq[j]
                r -= (new - theta[j]) * A[:, j]
                theta[j] = new
        self.bias = float(theta[0])
        self.weights = theta[1:].copy()
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
