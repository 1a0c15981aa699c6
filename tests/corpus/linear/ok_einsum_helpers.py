# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: np.einsum instead of @, private helper methods and extra private attributes change nothing the contract pins.
import numpy as np


class LinearRegression:
    """Linear regression with gradient descent."""

    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def _forward(self, X, w, b):
        return np.einsum("nd,d->n", X, w) + b

    def _loss(self, residual):
        return float(np.einsum("n,n->", residual, residual) / residual.shape[0])

    def _gradients(self, X, residual):
        n = X.shape[0]
        grad_w = 2.0 * np.einsum("nd,n->d", X, residual) / n
        grad_b = 2.0 * residual.sum() / n
        return grad_w, grad_b

    def fit(self, X, y):
        X = np.array(X, dtype=np.float64)
        y = np.array(y, dtype=np.float64)
        self._n_features = X.shape[1]
        w = np.zeros(self._n_features)
        b = 0.0
        self.loss_history = []
        self.n_iter_ = 0
        for t in range(self.n_iterations):
            residual = self._forward(X, w, b) - y
            loss = self._loss(residual)
            self.loss_history.append(loss)
            self.n_iter_ = t + 1
            if t > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                self._converged = True
                break
            grad_w, grad_b = self._gradients(X, residual)
            w = w - self.learning_rate * grad_w
            b = b - self.learning_rate * grad_b
        self.weights, self.bias = w, float(b)
        return self

    def predict(self, X):
        return self._forward(np.asarray(X, dtype=np.float64), self.weights, self.bias)
