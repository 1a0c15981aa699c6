# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: the course's base pattern (a base class with fit driving _forward, _compute_loss and _compute_gradients) filled in for softmax: log-softmax in the forward pass, the loss from it, an early break after the stopping check; all stable and vectorized.
import numpy as np


class GradientModel:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def _init_params(self, X, y):
        raise NotImplementedError

    def _forward(self, X):
        raise NotImplementedError

    def _compute_loss(self, forward, y):
        raise NotImplementedError

    def _compute_gradients(self, X, y, forward):
        raise NotImplementedError

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = self._prepare_targets(y)
        self._init_params(X, y)
        self.loss_history = []
        for i in range(self.n_iterations):
            forward = self._forward(X)
            self.loss_history.append(float(self._compute_loss(forward, y)))
            if i > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            dw, db = self._compute_gradients(X, y, forward)
            self.weights = self.weights - self.learning_rate * dw
            self.bias = self.bias - self.learning_rate * db
        return self

    def _prepare_targets(self, y):
        return np.asarray(y)


class SoftmaxRegression(GradientModel):
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        super().__init__(learning_rate=learning_rate, n_iterations=n_iterations, tol=tol)
        self.l2 = l2

    def _prepare_targets(self, y):
        return np.asarray(y).astype(np.int64)

    def _init_params(self, X, y):
        n_classes = int(y.max()) + 1
        self.weights = np.zeros((X.shape[1], n_classes))
        self.bias = np.zeros(n_classes)

    def _forward(self, X):
        z = X @ self.weights + self.bias
        z = z - z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))     # log-probabilities

    def _compute_loss(self, log_probs, y):
        nll = -log_probs[np.arange(len(y)), y].mean()
        return nll + 0.5 * self.l2 * np.sum(self.weights ** 2)

    def _compute_gradients(self, X, y, log_probs):
        n, k = log_probs.shape
        delta = np.exp(log_probs)
        delta[np.arange(n), y] -= 1.0                                # P − Y without building Y
        dw = X.T @ delta / n + self.l2 * self.weights
        db = delta.mean(axis=0)
        return dw, db

    def predict_proba(self, X):
        return np.exp(self._forward(np.asarray(X, dtype=float)))

    def predict(self, X):
        return self._forward(np.asarray(X, dtype=float)).argmax(axis=1)
