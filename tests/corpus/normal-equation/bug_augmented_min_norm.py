# expect: correctness=lose
# why: lstsq on the augmented design [1, X] gives the minimum norm of (b, w) together, so the bias is inside the norm: right on full-rank data and on duplicated columns, but a constant column takes part of the offset and with more features than samples the weights differ from the contract's centred minimum-norm solution; it is stable, so only correctness loses.
# feedback: correctness ~ b inside the minimum norm
# feedback: correctness ~ centre x and y
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if self.fit_intercept:
            A = np.hstack([np.ones((X.shape[0], 1)), X])
        else:
            A = X
        theta, _, _, _ = np.linalg.lstsq(A, y, rcond=None)
        if self.fit_intercept:
            self.bias = float(theta[0])
            self.weights = theta[1:]
        else:
            self.bias = 0.0
            self.weights = theta
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
