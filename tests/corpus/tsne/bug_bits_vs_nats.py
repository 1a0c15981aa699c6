# expect: correctness=lose
# why: the entropy is computed in nats (np.log) but compared with log2(perplexity): the search converges, precisely, to a perplexity of perplexity^(1/ln 2) (10 becomes 27.9).
# feedback: correctness ~ nats
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

    def joint_probabilities(self, X):
        X = np.array(X, dtype=np.float64)
        n = len(X)
        if self.perplexity <= 1 or self.perplexity >= n - 1:
            raise ValueError(f"perplexity {self.perplexity} impossible with {n} points")
        diff = X[:, None, :] - X[None, :, :]
        D = np.einsum("ijk,ijk->ij", diff, diff)
        eye = np.eye(n, dtype=bool)
        D_off = np.where(eye, np.inf, D)
        S = D_off - D_off.min(axis=1, keepdims=True)        # >= 0, +inf on the diagonal
        S0 = np.where(eye, 0.0, S)
        goal = np.log2(self.perplexity)
        lo, hi = np.full(n, -40.0), np.full(n, 40.0)        # bracket on ln(beta)
        for _ in range(100):
            mid = 0.5 * (lo + hi)
            b = np.exp(mid)
            K = np.exp(-b[:, None] * S)                      # 0 on the diagonal
            Z = K.sum(axis=1)
            Pc = K / Z[:, None]
            H_bits = np.log(Z) + b * np.sum(Pc * S0, axis=1)
            err = H_bits - goal
            if np.all(np.abs(err) <= 1e-5):
                break
            lo = np.where(err > 0, mid, lo)                  # too flat: larger beta
            hi = np.where(err > 0, hi, mid)
        P = Pc + Pc.T
        return P / (2 * n)

    @staticmethod
    def _q(Y):
        sq = np.sum(Y ** 2, axis=1)
        W = 1.0 / (1.0 + np.maximum(sq[:, None] + sq[None, :] - 2 * Y @ Y.T, 0.0))
        np.fill_diagonal(W, 0.0)
        return W, W / np.sum(W)

    @staticmethod
    def _kl(P, Q):
        pos = P > 0
        logs = np.log(P, out=np.zeros_like(P), where=pos) - np.log(Q, out=np.zeros_like(Q), where=pos)
        return float(np.sum(P * logs))

    @staticmethod
    def _grad(P, Q, W, Y):
        A = (P - Q) * W
        return 4.0 * (np.diag(A.sum(axis=1)) - A) @ Y

    def kl_gradient(self, P, Y):
        P = np.asarray(P, dtype=np.float64)
        Y = np.asarray(Y, dtype=np.float64)
        W, Q = self._q(Y)
        return self._kl(P, Q), self._grad(P, Q, W, Y)

    def fit(self, X):
        P = self.joint_probabilities(X)
        n = P.shape[0]
        rng = np.random.default_rng(self.random_state)
        Y = rng.normal(0.0, 1e-2, size=(n, self.n_components))
        V = np.zeros((n, self.n_components))
        history = []
        t = 0
        while t < self.n_iterations:
            W, Q = self._q(Y)
            history.append(self._kl(P, Q))
            if t > self.exaggeration_iterations and abs(history[-1] - history[-2]) < self.tol:
                break
            if t < self.exaggeration_iterations:
                alpha, momentum = self.early_exaggeration, 0.5
            else:
                alpha, momentum = 1.0, 0.8
            V = momentum * V - self.learning_rate * self._grad(alpha * P, Q, W, Y)
            Y = Y + V
            t += 1
        self.loss_history = history
        self.embedding = Y
        self.kl_divergence = self._kl(P, self._q(Y)[1])
        return self

    def fit_transform(self, X):
        return self.fit(X).embedding
