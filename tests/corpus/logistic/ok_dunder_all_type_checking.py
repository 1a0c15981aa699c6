# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: typed code with `from __future__ import annotations`, an `if TYPE_CHECKING:` import of NDArray (never executed) and `__all__ = ["LogisticRegression"]` at module level: declarations, not work or shared state, so nothing is lost.
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["LogisticRegression"]


def _sigmoid(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """1 / (1 + e^-z), written so that only non-positive numbers are exponentiated."""
    decay = np.exp(-np.abs(z))
    return np.where(z >= 0.0, 1.0 / (1.0 + decay), decay / (1.0 + decay))


class LogisticRegression:
    weights: NDArray[np.float64]
    bias: float
    loss_history: list[float]

    def __init__(self, learning_rate: float = 0.1, n_iterations: int = 1000, tol: float = 1e-6,
                 l2: float = 0.0) -> None:
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _objective(self, z: NDArray[np.float64], y: NDArray[np.float64], w: NDArray[np.float64]) -> float:
        return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * self.l2 * float(w @ w))

    def fit(self, X: NDArray[np.float64], y: NDArray[np.int64]) -> LogisticRegression:
        features = np.asarray(X, dtype=np.float64)
        labels = np.asarray(y, dtype=np.float64)
        n_samples = features.shape[0]
        w: NDArray[np.float64] = np.zeros(features.shape[1])
        b: float = 0.0
        history: list[float] = []
        for t in range(self.n_iterations):
            z = features @ w + b
            history.append(self._objective(z, labels, w))
            if t > 0 and abs(history[-2] - history[-1]) < self.tol:
                break
            residual = _sigmoid(z) - labels
            grad_w = features.T @ residual / n_samples + self.l2 * w
            grad_b = float(residual.mean())
            w = w - self.learning_rate * grad_w
            b = b - self.learning_rate * grad_b
        self.weights = w
        self.bias = b
        self.loss_history = history
        return self

    def predict_proba(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        return _sigmoid(np.asarray(X, dtype=np.float64) @ self.weights + self.bias)

    def predict(self, X: NDArray[np.float64], threshold: float = 0.5) -> NDArray[np.int64]:
        return (self.predict_proba(X) >= threshold).astype(np.int64)
