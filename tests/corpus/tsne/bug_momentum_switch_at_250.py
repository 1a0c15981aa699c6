# expect: correctness=lose
# why: the momentum switches from 0.5 to 0.8 at the paper's fixed iteration 250 instead of when the exaggeration ends (t = exaggeration_iterations); with the default 250 the two agree, with any other value they do not.
# feedback: correctness ~ momentum stays 0.5
import numpy as np


def _hbeta(d, beta):
    """Entropy in nats and the normalised row, for distances d shifted so that min(d) = 0."""
    e = np.exp(-d * beta)
    z = e.sum()
    p = e / z
    return np.log(z) + beta * np.sum(d * p), p


def _sq_dist(A):
    s = np.sum(A * A, axis=1)
    d = s[:, None] + s[None, :] - 2.0 * A @ A.T
    d = np.maximum(d, 0.0)
    np.fill_diagonal(d, 0.0)
    return d


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

    def joint_probabilities(self, X):
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        if not 1 < self.perplexity < n - 1:
            raise ValueError("perplexity must be in (1, n - 1)")
        D = _sq_dist(X)
        target = np.log(self.perplexity)
        cond = np.zeros((n, n))
        for i in range(n):
            others = np.arange(n) != i
            d = D[i, others]
            d = d - d.min()
            beta, lo, hi = 1.0, 0.0, np.inf
            for _ in range(100):
                H, p = _hbeta(d, beta)
                if abs(H - target) <= 1e-5:
                    break
                if H > target:
                    lo = beta
                    beta = beta * 2.0 if hi == np.inf else (beta + hi) / 2.0
                else:
                    hi = beta
                    beta = (beta + lo) / 2.0
            cond[i, others] = p
        return (cond + cond.T) / (2.0 * n)

    def kl_gradient(self, P, Y):
        P = np.asarray(P, dtype=float)
        Y = np.asarray(Y, dtype=float)
        num = 1.0 / (1.0 + _sq_dist(Y))
        np.fill_diagonal(num, 0.0)
        Q = num / num.sum()
        mask = P > 0
        kl = float(np.sum(P[mask] * np.log(P[mask] / Q[mask])))
        diff = Y[:, None, :] - Y[None, :, :]
        grad = 4.0 * np.einsum("ij,ijk->ik", (P - Q) * num, diff)
        return kl, grad

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        P = self.joint_probabilities(X)
        rng = np.random.default_rng(self.random_state)
        Y = 1e-2 * rng.standard_normal((X.shape[0], self.n_components))
        velocity = np.zeros_like(Y)
        self.loss_history = []
        for t in range(self.n_iterations):
            early = t < self.exaggeration_iterations
            kl, _ = self.kl_gradient(P, Y)
            self.loss_history.append(kl)
            if t > self.exaggeration_iterations and abs(self.loss_history[-2] - kl) < self.tol:
                break
            _, grad = self.kl_gradient(P * self.early_exaggeration if early else P, Y)
            velocity = (0.5 if t < 250 else 0.8) * velocity - self.learning_rate * grad
            Y = Y + velocity
        self.embedding = Y
        self.kl_divergence = self.kl_gradient(P, Y)[0]
        return self

    def fit_transform(self, X):
        self.fit(X)
        return self.embedding
