# expect: numerical_stability=lose
# why: the KL is summed over the off-diagonal pairs with np.log(P / Q): right while every off-diagonal p is positive, but where P is exactly 0 (two far-apart groups) 0 * log(0) is NaN, so kl_gradient's KL, the loss history and kl_divergence become NaN.
# feedback: numerical_stability ~ p > 0
import numpy as np


class TSNE:
    def __init__(self, n_components=2, perplexity=30.0, learning_rate=200.0, n_iterations=1000, tol=1e-6,
                 early_exaggeration=12.0, exaggeration_iterations=250, random_state=None):
        self.n_components = n_components
        self.perplexity = perplexity
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.early_exaggeration = early_exaggeration
        self.exaggeration_iterations = exaggeration_iterations
        self.random_state = random_state

    @staticmethod
    def _pairwise_sq(Z):
        G = Z @ Z.T
        g = np.diag(G)
        D = g[:, None] + g[None, :] - 2 * G
        D[D < 0] = 0.0
        np.fill_diagonal(D, 0.0)
        return D

    @staticmethod
    def _row(d, sigma):
        k = np.exp(-d / (2.0 * sigma * sigma))
        z = k.sum()
        p = k / z
        entropy = np.log(z) + np.dot(p, d) / (2.0 * sigma * sigma)
        return p, entropy

    def joint_probabilities(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        if not (1.0 < self.perplexity < n - 1):
            raise ValueError("need 1 < perplexity < n - 1")
        D = self._pairwise_sq(X)
        log_perp = np.log(self.perplexity)
        rows = np.zeros((n, n))
        for i in range(n):
            mask = np.ones(n, dtype=bool)
            mask[i] = False
            d = D[i, mask] - D[i, mask].min()
            sigma, low, high = 1.0, 0.0, np.inf
            for _ in range(100):
                p, entropy = self._row(d, sigma)
                gap = entropy - log_perp
                if abs(gap) <= 1e-5:
                    break
                if gap > 0:           # too wide: shrink sigma
                    high = sigma
                    sigma = 0.5 * (low + high)
                else:                 # too narrow: widen sigma
                    low = sigma
                    sigma = 2.0 * sigma if high == np.inf else 0.5 * (low + high)
            rows[i, mask] = p
        return (rows + rows.T) / (2.0 * n)

    def _similarities(self, Y):
        W = 1.0 / (1.0 + self._pairwise_sq(Y))
        np.fill_diagonal(W, 0.0)
        return W, W / W.sum()

    @staticmethod
    def _divergence(P, Q):
        off = ~np.eye(len(P), dtype=bool)
        return float(np.sum(P[off] * np.log(P[off] / Q[off])))

    @staticmethod
    def _gradient(P, Q, W, Y):
        A = (P - Q) * W
        return 4.0 * (np.einsum("ij->i", A)[:, None] * Y - np.einsum("ij,jk->ik", A, Y))

    def kl_gradient(self, P, Y):
        P = np.asarray(P, dtype=float)
        Y = np.asarray(Y, dtype=float)
        W, Q = self._similarities(Y)
        return self._divergence(P, Q), self._gradient(P, Q, W, Y)

    def fit(self, X):
        P = self.joint_probabilities(X)
        rng = np.random.default_rng(self.random_state)
        Y = 0.01 * rng.standard_normal((P.shape[0], self.n_components))
        update = np.zeros_like(Y)
        self.loss_history = []
        for it in range(self.n_iterations):
            W, Q = self._similarities(Y)
            self.loss_history.append(self._divergence(P, Q))
            if it > self.exaggeration_iterations and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            if it < self.exaggeration_iterations:
                grad = self._gradient(self.early_exaggeration * P, Q, W, Y)
                update = 0.5 * update - self.learning_rate * grad
            else:
                grad = self._gradient(P, Q, W, Y)
                update = 0.8 * update - self.learning_rate * grad
            Y = Y + update
        self.embedding = Y
        self.kl_divergence = self._divergence(P, self._similarities(Y)[1])
        return self

    def fit_transform(self, X):
        self.fit(X)
        return self.embedding
