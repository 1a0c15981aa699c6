# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: a correct descent written with `from __future__ import annotations`, a TYPE_CHECKING-only import of numpy.typing, `__all__` and type hints: declarative module-level code that must cost nothing.
"""Ordinary least squares fitted by batch gradient descent on the mean squared error."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["LinearRegression"]


class LinearRegression:
    """Linear model y ≈ X w + b trained by gradient descent on mean((Xw + b - y)^2)."""

    weights: np.ndarray
    bias: float
    loss_history: list[float]

    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X: npt.ArrayLike, y: npt.ArrayLike) -> LinearRegression:
        features = np.asarray(X, dtype=np.float64)
        target = np.asarray(y, dtype=np.float64)
        n_rows, n_cols = features.shape
        w: npt.NDArray[np.float64] = np.zeros(n_cols)
        b: float = 0.0
        history: list[float] = []
        for iteration in range(self.n_iterations):
            residual = features @ w + b - target
            history.append(float(residual @ residual) / n_rows)
            if iteration > 0 and abs(history[-2] - history[-1]) < self.tol:
                break
            w = w - self.learning_rate * (2.0 / n_rows) * (features.T @ residual)
            b = b - self.learning_rate * (2.0 / n_rows) * float(residual.sum())
        self.weights = w
        self.bias = b
        self.loss_history = history
        return self

    def predict(self, X: npt.ArrayLike) -> npt.NDArray[np.float64]:
        return np.asarray(X, dtype=np.float64) @ self.weights + self.bias
