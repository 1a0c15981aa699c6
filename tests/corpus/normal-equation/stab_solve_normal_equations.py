# expect: correctness=lose numerical_stability=lose
# why: np.linalg.solve on the centred normal equations avoids the explicit inverse but still forms XᵀX: it raises LinAlgError when a column is duplicated or constant, returns some non-minimum-norm solution with fewer samples than features, and with nearly collinear columns (condition number 4e9, so 2e19 for XᵀX) loses the information those columns carry: predictions off by about a quarter of the spread of y.
# feedback: correctness ~ Singular matrix
# feedback: numerical_stability ~ squares the condition number
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        x_bar = X.mean(axis=0) if self.fit_intercept else np.zeros(X.shape[1])
        y_bar = y.mean() if self.fit_intercept else 0.0
        Xc, yc = X - x_bar, y - y_bar
        self.weights = np.linalg.solve(Xc.T @ Xc, Xc.T @ yc)
        self.bias = float(y_bar - x_bar @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
