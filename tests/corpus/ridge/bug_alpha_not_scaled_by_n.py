# expect: correctness=lose
# why: uses scikit-learn's convention (XcᵀXc + alpha·I) although the stated objective averages the data term, so the diagonal must carry n·alpha: the penalty is n times too weak.
# feedback: correctness ~ where the stated objective needs n·alpha
# feedback: correctness !~ penalises the bias
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        mu, y_bar = X.mean(axis=0), y.mean()
        Xc = X - mu
        gram = Xc.T @ Xc
        w = np.linalg.solve(gram + self.alpha * np.identity(X.shape[1]), Xc.T @ (y - y_bar))
        self.weights = w
        self.bias = float(y_bar - mu @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
