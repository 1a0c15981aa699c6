# expect: correctness=lose
# why: mini-batch SGD (batches of 32) instead of the stated full-batch gradient descent, so the trajectory
#      differs; the batch loop runs once per 32 samples, which is not a loop over samples: vectorization keeps full marks.
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y, batch_size=32):
        n, d = X.shape
        w, b = np.zeros(d), 0.0
        self.loss_history = []
        for epoch in range(self.n_iterations):
            z = X @ w + b
            loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * self.l2 * w @ w
            self.loss_history.append(float(loss))
            if epoch > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            for start in range(0, n, batch_size):
                Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
                r = _sigmoid(Xb @ w + b) - yb
                w = w - self.learning_rate * (Xb.T @ r / len(yb) + self.l2 * w)
                b = b - self.learning_rate * r.mean()
        self.weights, self.bias = w, float(b)
        return self

    def predict_proba(self, X):
        return _sigmoid(X @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
