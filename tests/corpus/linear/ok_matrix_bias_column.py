# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: the bias lives in an augmented parameter vector (a leading column of ones), the products are written with einsum and the loop is a while loop; weights (d,) and bias float are split out at the end and the history is the exact MSE, so it is the stated descent.
import numpy as np


def _design(X):
    """Prepend a column of ones so theta[0] plays the role of the intercept."""
    return np.concatenate([np.ones((X.shape[0], 1)), X], axis=1)


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        Z = _design(X)                                  # (n, d + 1)
        n = Z.shape[0]
        params = np.zeros(Z.shape[1])                   # [b, w_1, ..., w_d]
        self.loss_history = []
        t = 0
        while t < self.n_iterations:
            resid = np.einsum("ij,j->i", Z, params) - y
            self.loss_history.append(float(np.einsum("i,i->", resid, resid)) / n)
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            grad = (2.0 / n) * np.einsum("ij,i->j", Z, resid)
            params = params - self.learning_rate * grad
            t += 1
        self.bias = float(params[0])
        self.weights = params[1:].copy()
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return np.einsum("ij,j->i", X, self.weights) + self.bias
