# expect: vectorization=lose
# why: computes the column means and the centred rows with Python loops over the samples before an otherwise correct lstsq solve: the same numbers as the vectorised formula, with Python work per sample.
# feedback: vectorization ~ runs Python code once per sample
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        x_mean, y_mean = np.zeros(d), 0.0
        if self.fit_intercept:
            x_mean = X.mean(axis=0)
            y_mean = y.mean()
        Xc = np.empty_like(X)
        for i in range(n):
            Xc[i] = X[i] - x_mean
        self.weights = np.linalg.lstsq(Xc, y - y_mean, rcond=None)[0]
        self.bias = float(y_mean - x_mean @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
