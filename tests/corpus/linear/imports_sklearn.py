# expect: error=yes all=zero
# why: delegates to scikit-learn's LinearRegression, a forbidden import: the attempt implements nothing itself.
import numpy as np
from sklearn.linear_model import LinearRegression as _SkLinearRegression


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        model = _SkLinearRegression().fit(X, y)
        self.weights = model.coef_
        self.bias = float(model.intercept_)
        self.loss_history = [float(np.mean((model.predict(X) - y) ** 2))]
        return self

    def predict(self, X):
        return X @ self.weights + self.bias
