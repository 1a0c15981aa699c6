# expect: correctness=lose
# why: predict centres the new X with its own column means and adds ȳ, which equals X @ w + b only on the training data (whose mean is x̄); on any other rows the predictions are shifted. fit itself is right and stable.
# feedback: correctness ~ do not centre the new X
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        self._y_mean = y.mean() if self.fit_intercept else 0.0
        x_mean = X.mean(axis=0) if self.fit_intercept else np.zeros(X.shape[1])
        self.weights = np.linalg.lstsq(X - x_mean, y - self._y_mean, rcond=None)[0]
        self.bias = float(self._y_mean - x_mean @ self.weights)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        if self.fit_intercept:
            return (X - X.mean(axis=0)) @ self.weights + self._y_mean
        return X @ self.weights
