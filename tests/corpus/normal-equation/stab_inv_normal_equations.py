# expect: correctness=lose numerical_stability=lose
# why: the textbook w = (XᵀX)⁻¹Xᵀy with np.linalg.inv on the augmented design: XᵀX is singular with a constant or duplicated column (LinAlgError) and with fewer samples than features (garbage), and with nearly collinear columns it squares the condition number to 2e19, beyond what a double holds, so the predictions are off by a large fraction of the spread of y.
# feedback: correctness ~ LinAlgError
# feedback: numerical_stability ~ squares the condition number
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if self.fit_intercept:
            X_b = np.c_[np.ones((len(X), 1)), X]
            theta = np.linalg.inv(X_b.T @ X_b) @ X_b.T @ y
            self.bias, self.weights = float(theta[0]), theta[1:]
        else:
            self.weights = np.linalg.inv(X.T @ X) @ X.T @ y
            self.bias = 0.0
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
