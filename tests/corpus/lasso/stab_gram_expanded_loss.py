# expect: numerical_stability=lose
# why: covariance updates (Gram matrix G = X̃ᵀX̃/n, c = X̃ᵀỹ/n) are a legal way to run the same sweeps, but the loss is also computed from them, expanded as (ỹᵀỹ/n − 2cᵀw + wᵀGw)/2: when the fit is nearly exact the terms cancel and loss_history loses its digits.
# feedback: numerical_stability ~ cancel
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
        x_bar, y_bar = X.mean(axis=0), y.mean()
        Xc, yc = X - x_bar, y - y_bar
        G = Xc.T @ Xc / n
        c = Xc.T @ yc / n
        yy = yc @ yc / n
        w = np.zeros(d)
        self.loss_history = []
        for t in range(self.n_iterations):
            loss = 0.5 * (yy - 2 * c @ w + w @ G @ w) + self.alpha * np.abs(w).sum()
            self.loss_history.append(float(loss))
            if t > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            for j in range(d):
                if G[j, j] == 0:
                    continue
                rho = c[j] - G[j] @ w + G[j, j] * w[j]
                w[j] = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / G[j, j]
        self.weights = w
        self.bias = float(y_bar - x_bar @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
