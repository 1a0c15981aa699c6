# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: input validation with ValueError, a for/else loop, a converged flag and computing the gradient before the stopping check are harmless extras.
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float).ravel()
        if X.ndim != 2 or X.shape[0] != y.shape[0]:
            raise ValueError("X must be (n, d) and y (n,)")
        n, d = X.shape
        w, b = np.zeros(d), 0.0
        history = []
        for _ in range(self.n_iterations):
            r = X.dot(w) + b - y
            history.append(float(np.mean(np.square(r))))
            grad_w = (2.0 / n) * X.T.dot(r)
            grad_b = (2.0 / n) * r.sum()
            if len(history) >= 2 and abs(history[-1] - history[-2]) < self.tol:
                self.converged = True
                break
            w = w - self.learning_rate * grad_w
            b = b - self.learning_rate * grad_b
        else:
            self.converged = False
        self.weights, self.bias, self.loss_history = w, float(b), history
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2:
            raise ValueError("X must be 2-D")
        return X.dot(self.weights) + self.bias
