# expect: organization=lose
# why: a module-level counter and a registry of fitted models updated with `global` in fit: behaviour is unaffected, but the module holds shared mutable state.
import numpy as np

N_FITS = 0
FITTED_MODELS = []


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        global N_FITS
        N_FITS += 1
        n, d = X.shape
        w, b = np.zeros(d), 0.0
        self.loss_history = []
        for i in range(self.n_iterations):
            z = X @ w + b
            self.loss_history.append(np.mean(np.logaddexp(0, z) - y * z) + 0.5 * self.l2 * w @ w)
            if i and abs(self.loss_history[-1] - self.loss_history[-2]) < self.tol:
                break
            r = 0.5 * (1 + np.tanh(z / 2)) - y
            w = w - self.learning_rate * (X.T @ r / n + self.l2 * w)
            b = b - self.learning_rate * r.mean()
        self.weights, self.bias = w, float(b)
        FITTED_MODELS.append(id(self))
        return self

    def predict_proba(self, X):
        return 0.5 * (1 + np.tanh((X @ self.weights + self.bias) / 2))

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
