# expect: correctness=lose
# why: fit starts from seeded random weights (np.random.default_rng(42).normal(size=d) * 0.1) instead of the stated w = 0: reproducible, so refits agree, but every trajectory is off from the first step; one mistake, charged once to correctness (the history is the true objective of the iterates it has).
# feedback: correctness ~ does not start from the stated initial
# feedback: correctness ~ w = 0
import numpy as np


class LogisticRegression:
    """Binary logistic regression fitted by full-batch gradient descent."""

    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    # ---- small helpers -------------------------------------------------
    @staticmethod
    def _sigma(z):
        pos = z >= 0
        e = np.exp(np.where(pos, -z, z))        # exponent is always <= 0
        return np.where(pos, 1.0 / (1.0 + e), e / (1.0 + e))

    def _init_params(self, n_features):
        rng = np.random.default_rng(42)
        return rng.normal(size=n_features) * 0.1, 0.0

    def _objective(self, logits, y, w):
        data_term = np.mean(np.logaddexp(0.0, logits) - y * logits)
        return data_term + 0.5 * self.l2 * float(w @ w)

    def _grads(self, X, logits, y, w):
        err = self._sigma(logits) - y
        return X.T @ err / X.shape[0] + self.l2 * w, err.mean()

    # ---- public API ----------------------------------------------------
    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        coef, intercept = self._init_params(X.shape[1])
        self.loss_history = []

        step = 0
        while step < self.n_iterations:
            logits = X @ coef + intercept
            self.loss_history.append(float(self._objective(logits, y, coef)))
            if step > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            g_w, g_b = self._grads(X, logits, y, coef)
            coef = coef - self.learning_rate * g_w
            intercept = intercept - self.learning_rate * g_b
            step += 1

        self.weights = coef
        self.bias = float(intercept)
        return self

    def predict_proba(self, X):
        return self._sigma(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
