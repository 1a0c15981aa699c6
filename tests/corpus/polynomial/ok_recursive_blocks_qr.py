# expect: correctness=full vectorization=full numerical_stability=full organization=full
# why: the features are built degree by degree, each block the previous one times one feature (scikit-learn's own bookkeeping), and the least squares is solved by Householder QR on the centred columns, which is accurate without any scaling; the column of ones is left out of the solve and gets weight 0.
import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2:
            raise ValueError("X must be 2-D")
        n, d = X.shape
        # block[j] holds the monomials of the current degree whose smallest index is j
        blocks = [[X[:, j:j + 1]] for j in range(d)]
        degree_blocks = [np.hstack([b[0] for b in blocks])]
        for _ in range(2, self.degree + 1):
            new = []
            for j in range(d):
                start = j + 1 if self.interaction_only else j
                tail = [blocks[i][0] for i in range(start, d)]
                new.append([X[:, j:j + 1] * np.hstack(tail)] if tail else [np.empty((n, 0))])
            blocks = new
            degree_blocks.append(np.hstack([b[0] for b in blocks]))
        if self.include_bias:
            degree_blocks.insert(0, np.ones((n, 1)))
        return np.hstack(degree_blocks)

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        if y.shape != (F.shape[0],):
            raise ValueError("y must have shape (n,)")
        first = 1 if self.include_bias else 0
        means = F.mean(axis=0)
        Q, R = np.linalg.qr(F[:, first:] - means[first:])
        w = np.linalg.solve(R, Q.T @ (y - y.mean()))
        self.weights = np.concatenate([np.zeros(first), w])
        self.bias = float(y.mean() - means @ self.weights)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        if not hasattr(self, "weights"):
            raise ValueError("call fit first")
        return self.transform(X) @ self.weights + self.bias
