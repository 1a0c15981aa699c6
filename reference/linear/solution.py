"""Linear regression trained by batch gradient descent on the mean squared error.

    ŷ = X w + b                                   predictions, shape (n,)
    r = ŷ - y                                     residuals, shape (n,)
    L(w, b) = (1/n) ||r||² = mean(r²)             mean squared error (no ½)
    dL/dw = (2/n) Xᵀ r                            shape (d,)
    dL/db = (2/n) Σ r = 2 mean(r)                 scalar

Start at w = 0, b = 0. Each iteration: record L, stop if |L_prev - L| < tol, then step.
Cost: O(n d) per iteration.
"""

import numpy as np


class LinearRegression:
    """Least-squares linear regression fitted by batch gradient descent.

    Attributes (set by fit): weights (d,), bias float, loss_history list of floats
    (the mean squared error at the start of each iteration run).
    """

    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        """Fit on X (n, d) and targets y (n,). Returns self."""
        X = _check_X(X)
        y = np.asarray(y, dtype=float)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
        n, d = X.shape

        w = np.zeros(d)                                     # (d,)
        b = 0.0
        self.loss_history = []
        for _ in range(self.n_iterations):
            r = X @ w + b - y                               # (n,) residuals
            loss = r @ r / n                                # mean squared error
            self.loss_history.append(float(loss))
            if len(self.loss_history) > 1 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            grad_w = 2.0 * (X.T @ r) / n                    # (d,)
            grad_b = 2.0 * r.mean()
            w = w - self.learning_rate * grad_w
            b = b - self.learning_rate * grad_b

        self.weights = w
        self.bias = float(b)
        return self

    def predict(self, X):
        """Predicted targets for each row of X, shape (n,)."""
        if not hasattr(self, "weights"):
            raise ValueError("this model is not fitted yet: call fit(X, y) first")
        X = _check_X(X)
        if X.shape[1] != len(self.weights):
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on {len(self.weights)}")
        return X @ self.weights + self.bias


def _check_X(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_samples, n_features), got {X.ndim}-D")
    return X
