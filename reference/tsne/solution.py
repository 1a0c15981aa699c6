"""t-SNE, exact: every pair of points, O(n²) work per iteration (for small n).

    D_ij     = ||x_i − x_j||²                                   squared distances, (n, n)
    p_{j|i}  = exp(−β_i D_ij) / Σ_{k≠i} exp(−β_i D_ik),  p_{i|i} = 0     conditional rows
    H_i      = −Σ_j p_{j|i} ln p_{j|i}                           entropy of row i, in nats
    β_i      such that |H_i − ln(perplexity)| ≤ 1e-5             bisection, every row at once
    P_ij     = (p_{j|i} + p_{i|j}) / (2n)                        symmetric, zero diagonal, sums to 1
    w_ij     = 1 / (1 + ||y_i − y_j||²),  w_ii = 0               Student-t kernel (one degree of freedom)
    q_ij     = w_ij / Σ_kl w_kl
    KL(P‖Q)  = Σ_{p_ij > 0} p_ij ln(p_ij / q_ij)                 0·ln 0 = 0
             = Σ p ln p + Σ p ln(1 + ||y_i − y_j||²) + (Σ p) ln Σ_kl w_kl     (ln q = −ln(1 + D) − ln Σ w)
    ∂KL/∂y_i = 4 Σ_j (p_ij − q_ij) w_ij (y_i − y_j)              (n, n_components)

Stability: row i is computed with D_ij − min_{k≠i} D_ik instead of D_ij. The shift cancels in
p_{j|i}, but the nearest neighbour's term becomes exactly 1, so the normaliser is at least 1 even
when every exp(−β_i D_ij) would underflow (a far outlier). The entropy is taken as
ln Z_i + β_i Σ_j p_{j|i} (D_ij − min D_i), which never evaluates ln 0.

fit: Y_0 = 1e-2 · N(0, 1) from np.random.default_rng(random_state), V_0 = 0. Iteration t records
KL(P‖Q(Y_t)), stops if t > exaggeration_iterations and |KL_{t−1} − KL_t| < tol, then steps with
α = early_exaggeration and momentum 0.5 while t < exaggeration_iterations, α = 1 and momentum 0.8
after:  G = ∂KL/∂Y at (αP, Y_t);  V ← momentum·V − learning_rate·G;  Y ← Y + V.
"""

import numpy as np

ENTROPY_TOL = 1e-5  # nats
MAX_STEPS = 100  # bisection steps per row


def _squared_distances(Z):
    """||z_i − z_j||² for every pair, (n, n): ||z_i||² − 2 z_i·z_j + ||z_j||², one matrix product, built in
    place (one (n, n) array) and clamped at 0 (rounding can leave tiny negatives)."""
    sq = np.einsum("ij,ij->i", Z, Z)                               # (n,) squared norms
    D = Z @ Z.T
    D *= -2.0
    D += sq[:, None]
    D += sq[None, :]
    np.maximum(D, 0.0, out=D)
    np.fill_diagonal(D, 0.0)
    return D


def _p_log_p(P):
    """Σ p ln p over p > 0 (0·ln 0 = 0): the part of KL(P‖Q) that does not depend on Y."""
    pos = P > 0
    return float(np.sum(P[pos] * np.log(P[pos])))


def _kl_and_gradient(P, P_step, Y, p_log_p):
    """(KL(P‖Q), 4 Σ_j (p_ij − q_ij) w_ij (y_i − y_j) with P_step in place of P), for the embedding Y.
    P_step is P, or α·P while exaggerating; p_log_p = _p_log_p(P). No ln 0 anywhere: ln q_ij is
    −ln(1 + d_ij) − ln Z, and where p = 0 its term is 0·ln(1 + d) = 0."""
    D = _squared_distances(Y)                                      # d_ij = ||y_i − y_j||², (n, n)
    W = D + 1.0
    np.reciprocal(W, out=W)                                        # w_ij = 1 / (1 + d_ij)
    np.fill_diagonal(W, 0.0)                                       # w_ii = 0
    Z = W.sum()                                                    # q_ij = w_ij / Z
    kl = p_log_p + float(np.vdot(P, np.log1p(D, out=D))) + float(P.sum()) * float(np.log(Z))  # Σ p ln p − Σ p ln q
    A = P_step - W / Z                                             # p_ij − q_ij
    A *= W                                                         # (p_ij − q_ij) w_ij
    return kl, 4.0 * (A.sum(axis=1)[:, None] * Y - A @ Y)         # without forming y_i − y_j


class TSNE:
    """t-distributed stochastic neighbour embedding (exact gradient, plain momentum).

    Attributes (set by fit): embedding (n, n_components), kl_divergence float (KL at the
    embedding), loss_history list of floats (KL(P‖Q) at the start of each iteration run).
    """

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
        """P (n, n): symmetric, zero diagonal, sums to 1, every conditional row at the perplexity."""
        X = _check_X(X)
        n = len(X)
        if not 1.0 < self.perplexity < n - 1:
            raise ValueError(f"perplexity must be between 1 and n_samples - 1 = {n - 1}, got {self.perplexity}")
        D = _squared_distances(X)
        np.fill_diagonal(D, np.inf)                                # p_(i|i) = 0: exp(−β·∞) = 0
        S = D - D.min(axis=1, keepdims=True)                       # D_ij − min_k D_ik ≥ 0, ∞ on the diagonal
        S0 = S.copy()
        np.fill_diagonal(S0, 0.0)                                  # the same, 0 on the diagonal (for Σ p·S)
        target = np.log(self.perplexity)
        beta = np.ones((n, 1))                                     # precisions β_i = 1/(2σ_i²)
        lo, hi = np.zeros((n, 1)), np.full((n, 1), np.inf)         # brackets of each row's β
        for _ in range(MAX_STEPS):
            E = np.exp(-beta * S)                                  # (n, n), row maximum exactly 1
            Z = E.sum(axis=1, keepdims=True)                       # (n, 1), at least 1
            H = np.log(Z) + beta * np.einsum("ij,ij->i", E, S0)[:, None] / Z   # entropy of each row, nats
            done = np.abs(H - target) <= ENTROPY_TOL
            if done.all():
                break
            flat = H > target                                      # too many neighbours: raise β
            lo = np.where(flat & ~done, beta, lo)
            hi = np.where(~flat & ~done, beta, hi)
            beta = np.where(done, beta, np.where(np.isinf(hi), 2.0 * beta, (lo + hi) / 2.0))
        cond = E / Z                                               # p_(j|i), rows sum to 1
        return (cond + cond.T) / (2.0 * n)

    def kl_gradient(self, P, Y):
        """(KL(P‖Q), ∂KL/∂Y) at the embedding Y (n, n_components), Q the Student-t similarities of Y."""
        P = np.asarray(P, dtype=float)
        Y = np.asarray(Y, dtype=float)
        if Y.ndim != 2 or P.shape != (len(Y), len(Y)):
            raise ValueError(f"P must be (n, n) and Y (n, n_components), got {P.shape} and {Y.shape}")
        return _kl_and_gradient(P, P, Y, _p_log_p(P))

    def fit(self, X):
        """Embed the rows of X (n, d) in n_components dimensions. Returns self."""
        X = _check_X(X)
        P = self.joint_probabilities(X)                            # (n, n)
        P_exaggerated = self.early_exaggeration * P
        p_log_p = _p_log_p(P)                                      # constant part of the KL
        rng = np.random.default_rng(self.random_state)
        Y = 1e-2 * rng.standard_normal((len(X), self.n_components))   # Y_0 ~ N(0, 1e-4)
        V = np.zeros_like(Y)                                       # momentum buffer
        self.loss_history = []
        for t in range(self.n_iterations):
            exaggerating = t < self.exaggeration_iterations
            kl, G = _kl_and_gradient(P, P_exaggerated if exaggerating else P, Y, p_log_p)
            self.loss_history.append(kl)                           # KL with the true P, even while exaggerating
            if t > self.exaggeration_iterations and abs(self.loss_history[-2] - kl) < self.tol:
                break
            V = (0.5 if exaggerating else 0.8) * V - self.learning_rate * G
            Y = Y + V
        self.embedding = Y
        self.kl_divergence = _kl_and_gradient(P, P, Y, p_log_p)[0]
        return self

    def fit_transform(self, X):
        """fit(X), then the embedding (n, n_components)."""
        self.fit(X)
        return self.embedding


def _check_X(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or len(X) < 3:
        raise ValueError(f"X must be a 2-D array (n_samples, n_features) with at least 3 rows, got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains NaN or inf")
    return X
