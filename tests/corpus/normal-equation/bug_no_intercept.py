# expect: correctness=lose
# why: forgets the intercept column altogether: lstsq on X as given and bias 0 whatever fit_intercept says, so the line is forced through the origin and every fit on data with an offset is wrong; the solver itself is stable.
# feedback: correctness ~ fit_intercept
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.weights = np.linalg.lstsq(X, np.asarray(y, dtype=float), rcond=None)[0]
        self.bias = 0.0
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
