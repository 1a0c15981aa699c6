# expect: numerical_stability=lose
# why: the sigmoid is exp(z)/(1 + exp(z)) with np.nan_to_num over it: exp overflows for logits above ~709, inf/inf is NaN and nan_to_num turns it into 0 where the true value is 1. Outputs stay finite, so only accuracy on the trap's data (and the overflow warnings) show it; on ordinary data it is exact.
# feedback: numerical_stability ~ loses accuracy

import numpy as np


def _sigmoid(z):
    """Sigmoid; nan_to_num keeps it finite."""
    e = np.exp(z)
    return np.nan_to_num(e / (1.0 + e))


def _log_loss(z, y):
    """mean(log(1 + e^z) - y z): the cross-entropy written in logits, finite for any z."""
    return np.mean(np.logaddexp(0.0, z) - y * z)


class LogisticRegression:
    """Binary logistic regression with an optional L2 penalty on the weights.

    Attributes (set by fit): weights (d,), bias float, loss_history list of floats
    (the objective at the start of each iteration run).
    """

    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        """Fit on X (n, d) and labels y (n,) in {0, 1}. Returns self."""
        X = _check_X(X)
        y = np.asarray(y, dtype=float)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
        if not np.all((y == 0) | (y == 1)):
            raise ValueError("y must contain only the labels 0 and 1")
        n, d = X.shape

        w = np.zeros(d)                                     # (d,)
        b = 0.0
        self.loss_history = []
        for _ in range(self.n_iterations):
            z = X @ w + b                                   # (n,) logits
            loss = _log_loss(z, y) + 0.5 * self.l2 * (w @ w)
            self.loss_history.append(float(loss))
            if len(self.loss_history) > 1 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            r = _sigmoid(z) - y                             # (n,) dL/dz, times n
            grad_w = X.T @ r / n + self.l2 * w              # (d,)
            grad_b = r.mean()
            w = w - self.learning_rate * grad_w
            b = b - self.learning_rate * grad_b

        self.weights = w
        self.bias = float(b)
        return self

    def predict_proba(self, X):
        """P(y = 1 | x) for each row of X, shape (n,)."""
        X = self._check_fitted_X(X)
        return _sigmoid(X @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        """Labels in {0, 1}, shape (n,): 1 where P(y = 1 | x) >= threshold."""
        return (self.predict_proba(X) >= threshold).astype(int)

    def _check_fitted_X(self, X):
        if not hasattr(self, "weights"):
            raise ValueError("this model is not fitted yet: call fit(X, y) first")
        X = _check_X(X)
        if X.shape[1] != len(self.weights):
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on {len(self.weights)}")
        return X


def _check_X(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_samples, n_features), got {X.ndim}-D")
    return X
