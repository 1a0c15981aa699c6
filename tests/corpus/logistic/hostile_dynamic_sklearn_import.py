# expect: correctness=zero numerical_stability=zero vectorization=zero convergence=zero organization=lose
# why: imports scikit-learn inside fit with a computed name (invisible to the static stage); the worker refuses the import, so every fit raises ImportError.
import importlib

import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        lm = importlib.import_module("skl" + "earn.linear_model")
        self._model = lm.LogisticRegression(C=1e12).fit(X, y)
        self.weights = self._model.coef_[0]
        self.bias = float(self._model.intercept_[0])
        self.loss_history = []
        return self

    def predict_proba(self, X):
        return self._model.predict_proba(X)[:, 1]

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
