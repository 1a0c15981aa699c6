# expect: correctness=lose numerical_stability=lose
# why: standardises the features "for stability" and divides by each column's standard deviation, which is 0 for a constant column: 0/0 gives NaN and an invalid-value warning (then lstsq fails on the NaN); and the minimum norm taken in standardised units is not the contract's minimum norm when the solution is not unique (dependent columns of different spreads, fewer samples than features).
# feedback: numerical_stability ~ standard deviation
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        mu = X.mean(axis=0) if self.fit_intercept else np.zeros(X.shape[1])
        sd = X.std(axis=0)
        Z = (X - mu) / sd                                   # standardised features
        y_mean = y.mean() if self.fit_intercept else 0.0
        w_z = np.linalg.lstsq(Z, y - y_mean, rcond=None)[0]
        self.weights = w_z / sd                             # back to the original units
        self.bias = float(y_mean - mu @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
