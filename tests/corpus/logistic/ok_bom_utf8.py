# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: the file is saved as UTF-8 with a byte-order mark (as some Windows editors do) and uses non-ASCII characters in comments and in a function name (σ); Python reads it fine and the code is right, so nothing is lost.
import numpy as np


def σ(z):
    # σ(z) = 1 / (1 + e^(−z)); e^(−|z|) ≤ 1, so nothing overflows
    t = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + t), t / (1.0 + t))


def softplus(z):
    # log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)), exact for any z
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _gd_step(self, X, y, w, b, z):
        r = σ(z) - y                                # ∂L/∂z · n
        dw = X.T @ r / X.shape[0] + self.l2 * w     # ∂L/∂w
        db = r.mean()                               # ∂L/∂b (no penalty on b)
        return w - self.learning_rate * dw, b - self.learning_rate * db

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        w = np.zeros(X.shape[1])
        b = 0.0
        self.loss_history = []
        for k in range(self.n_iterations):
            z = X @ w + b
            L = np.mean(softplus(z) - y * z) + 0.5 * self.l2 * (w @ w)   # λ/2 · ‖w‖²
            self.loss_history.append(float(L))
            if k > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            w, b = self._gd_step(X, y, w, b, z)
        self.weights = w
        self.bias = float(b)
        return self

    def predict_proba(self, X):
        return σ(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
