# expect: correctness=lose convergence=lose
# why: "lasso by gradient descent": each iteration takes a subgradient step with alpha·sign(w) instead of coordinate descent with soft-thresholding; the weights never land exactly on 0.0, the path is not the stated one, the bias is a separate variable (so the history is not at b = ȳ − x̄·w), and it crawls (2000 iterations without meeting tol).
# feedback: correctness ~ S(ρ_j, alpha)
# feedback: convergence ~ own bias
# feedback: convergence !~ invented sequence
import numpy as np


class Lasso:
    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y, learning_rate=0.01):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        self.weights = np.zeros(d)
        self.bias = float(y.mean())
        self.loss_history = []
        for i in range(self.n_iterations):
            r = y - X @ self.weights - self.bias
            loss = r @ r / (2 * n) + self.alpha * np.abs(self.weights).sum()
            self.loss_history.append(float(loss))
            if i > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            grad_w = -X.T @ r / n + self.alpha * np.sign(self.weights)
            grad_b = -r.mean()
            self.weights = self.weights - learning_rate * grad_w
            self.bias = float(self.bias - learning_rate * grad_b)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
