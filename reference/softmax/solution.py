"""Softmax (multinomial logistic) regression trained by batch gradient descent.

    Z = X W + b                                   logits, (n, K)
    S_ik = Z_ik − max_j Z_ij                      shifted logits, every entry <= 0 (same softmax)
    s_i = Σ_k e^(S_ik)                            in [1, K]: e^0 = 1 for the row's maximum
    P_ik = e^(S_ik) / s_i                         softmax of each row, (n, K)
    L(W, b) = mean_i (log s_i − S_i,y_i) + (l2/2) ||W||²    −log P_i,y_i written as log-sum-exp
    dL/dW = Xᵀ (P − Y) / n + l2 W                 (d, K), Y the one-hot labels (n, K)
    dL/db = mean_i (P_i − Y_i)                    (K,), the bias is not penalised

K = max(y) + 1. Start at W = 0, b = 0. Each iteration: record L, stop if |L_prev − L| < tol,
then step. Cost: O(n d K) per iteration.
"""

import numpy as np


def _shifted_exp(Z):
    """(S, E, s) for logits Z (n, K): S = Z − row max (<= 0), E = e^S in (0, 1], s = row sums of E
    (n, 1) in [1, K]. Nothing overflows, and log s is finite. Z is stored by columns so that the
    row-wise max and sum over the K classes run over whole contiguous columns (a reduction along a
    short contiguous axis is several times slower in NumPy)."""
    Z = np.asfortranarray(Z)
    S = Z - Z.max(axis=1, keepdims=True)                   # (n, K)
    E = np.exp(S)                                          # (n, K)
    return S, E, E.sum(axis=1, keepdims=True)              # s: (n, 1)


class SoftmaxRegression:
    """Multinomial logistic regression with an optional L2 penalty on the weights.

    Attributes (set by fit): weights (d, K), bias (K,), loss_history list of floats
    (the objective at the start of each iteration run).
    """

    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        """Fit on X (n, d) and labels y (n,) in 0..K−1. Returns self."""
        X = _check_X(X)
        y = _check_labels(y, len(X))
        n, d = X.shape
        K = int(y.max()) + 1
        Y = (y[:, None] == np.arange(K)).astype(float, order="F")   # (n, K) one-hot, by columns like Z
        rows = np.arange(n)

        W = np.zeros((d, K))
        b = np.zeros(K)
        self.loss_history = []
        for _ in range(self.n_iterations):
            S, E, s = _shifted_exp(X @ W + b)                # logits Z = XW + b, (n, K)
            loss = np.mean(np.log(s[:, 0]) - S[rows, y]) + 0.5 * self.l2 * np.sum(W * W)
            self.loss_history.append(float(loss))
            if len(self.loss_history) > 1 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            G = E / s - Y                                    # (n, K) P − Y: dL/dZ, times n
            grad_W = X.T @ G / n + self.l2 * W               # (d, K)
            grad_b = G.mean(axis=0)                          # (K,)
            W = W - self.learning_rate * grad_W
            b = b - self.learning_rate * grad_b

        self.weights = W
        self.bias = b
        return self

    def predict_proba(self, X):
        """P(y = k | x) for each row of X, shape (n, K); each row sums to 1."""
        _, E, s = _shifted_exp(self._logits(X))
        return E / s

    def predict(self, X):
        """The most probable class of each row, shape (n,) ints; ties go to the smallest class."""
        return self._logits(X).argmax(axis=1)               # argmax returns the first maximum

    def _logits(self, X):
        if not hasattr(self, "weights"):
            raise ValueError("this model is not fitted yet: call fit(X, y) first")
        X = _check_X(X)
        if X.shape[1] != self.weights.shape[0]:
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on {self.weights.shape[0]}")
        return X @ self.weights + self.bias                  # (n, K)


def _check_X(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_samples, n_features), got {X.ndim}-D")
    return X


def _check_labels(y, n):
    """y as an int array (n,) of labels 0, 1, 2, ...; whole numbers stored as floats are accepted."""
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},), got {y.shape}")
    if n == 0:
        raise ValueError("fit needs at least one sample")
    labels = y.astype(np.int64)
    if not np.all(labels == y) or labels.min() < 0:
        raise ValueError("y must hold class labels 0, 1, ..., K−1 (non-negative whole numbers)")
    return labels
