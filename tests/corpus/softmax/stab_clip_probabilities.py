# expect: numerical_stability=lose
# why: the stable softmax, then the probabilities clipped to [1e-12, 1] before the log (a common guard): finite and quiet, but a confident mistake then costs at most −log(1e-12) ≈ 27.6 instead of the logit gap (about 1400 here), so the recorded loss is far too small at logits of ±1000.
# feedback: numerical_stability ~ clipping
# feedback: numerical_stability ~ log-sum-exp
import numpy as np

EPS = 1e-12


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def _probs(self, X, W, b):
        logits = X @ W + b
        logits -= logits.max(axis=1, keepdims=True)
        expo = np.exp(logits)
        return expo / expo.sum(axis=1, keepdims=True)

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(int)
        n, d = X.shape
        K = y.max() + 1
        Y = np.eye(K)[y]
        W, b = np.zeros((d, K)), np.zeros(K)
        self.loss_history = []
        for step in range(self.n_iterations):
            P = self._probs(X, W, b)
            ce = -np.mean(np.sum(Y * np.log(np.clip(P, EPS, 1.0)), axis=1))
            self.loss_history.append(float(ce + self.l2 / 2 * np.sum(W ** 2)))
            if step and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            D = P - Y
            W = W - self.learning_rate * (X.T @ D / n + self.l2 * W)
            b = b - self.learning_rate * D.mean(axis=0)
        self.weights = W
        self.bias = b
        return self

    def predict_proba(self, X):
        return self._probs(np.asarray(X, dtype=float), self.weights, self.bias)

    def predict(self, X):
        return self.predict_proba(X).argmax(axis=1)
