# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: one-hot by broadcasting y[:, None] == np.arange(K), the gradient with np.einsum, the true-class log-probability with np.take_along_axis, and a while loop over the iterations.
import numpy as np


class SoftmaxRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def _log_probs(X, W, b):
        Z = np.einsum("nd,dk->nk", X, W) + b
        shifted = Z - Z.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))

    def fit(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        labels = np.asarray(y).astype(np.intp)
        n = X.shape[0]
        K = labels.max() + 1
        onehot = labels[:, None] == np.arange(K)
        W = np.zeros((X.shape[1], K))
        b = np.zeros(K)
        history = []
        t = 0
        while t < self.n_iterations:
            log_P = self._log_probs(X, W, b)
            nll = -np.take_along_axis(log_P, labels[:, None], axis=1).mean()
            history.append(float(nll + 0.5 * self.l2 * np.einsum("dk,dk->", W, W)))
            if t >= 1 and abs(history[-1] - history[-2]) < self.tol:
                break
            R = np.exp(log_P) - onehot
            W = W - self.learning_rate * (np.einsum("nd,nk->dk", X, R) / n + self.l2 * W)
            b = b - self.learning_rate * R.mean(axis=0)
            t += 1
        self.weights, self.bias, self.loss_history = W, b, history
        return self

    def predict_proba(self, X):
        return np.exp(self._log_probs(np.asarray(X, dtype=np.float64), self.weights, self.bias))

    def predict(self, X):
        return self.predict_proba(X).argmax(axis=1)
