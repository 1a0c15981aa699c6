# expect: organization=lose
# why: converts alpha to scikit-learn's convention by overwriting the hyperparameter (`self.alpha *= n`): the first fit is right, but the stored alpha changes and a second fit on the same instance uses n²·alpha.
# feedback: organization ~ changed the hyperparameter
# feedback: organization !~ random_state
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        self.alpha *= n                                   # the mean objective's alpha, in sum units
        x_mean, y_mean = X.mean(axis=0), y.mean()
        Xc, yc = X - x_mean, y - y_mean
        self.weights = np.linalg.solve(Xc.T @ Xc + self.alpha * np.eye(d), Xc.T @ yc)
        self.bias = float(y_mean - x_mean @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
