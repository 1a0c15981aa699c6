"""A multilayer perceptron classifier: backpropagation, mini-batches, Adam or SGD.

Forward pass through L layers (a⁰ = X, the hidden layers use the activation f):

    z_l = a_(l-1) W_l + b_l                       (n, n_l)
    a_l = f(z_l)                                  hidden layers, l = 1 .. L-1
    P   = softmax(z_L)                            (n, K), each row sums to 1

Objective (Y is y one-hot, shape (n, K)); the biases are not penalised:

    J = -mean_i log P[i, y_i] + (l2/2) Σ_l ||W_l||²

Backward pass (the chain rule, one layer at a time):

    δ_L     = (P - Y) / n                         (n, K)
    dJ/dW_l = a_(l-1)ᵀ δ_l + l2 W_l               (n_(l-1), n_l)
    dJ/db_l = Σ_i δ_l[i]                          (n_l,)
    δ_(l-1) = (δ_l W_lᵀ) ⊙ f'(z_(l-1))            (n, n_(l-1))

with f'(z) = [z > 0] for relu, a(1 - a) for sigmoid and 1 - a² for tanh (a = f(z)).

fit: initial weights Glorot-uniform from np.random.default_rng(random_state), biases 0. Epoch
e records J on the whole training set, stops if e > 0 and |J_prev - J| < tol, then draws a
permutation of the rows and takes one step per mini-batch (consecutive slices of batch_size).
Cost per epoch: O(n · Σ_l n_(l-1) n_l), the matrix products of one forward and one backward pass.
"""

import numpy as np

ACTIVATIONS = ("relu", "sigmoid", "tanh")
OPTIMIZERS = ("adam", "sgd")
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def _sigmoid(z):
    """1 / (1 + e^(-z)) without exponentiating a large positive number."""
    e = np.exp(-np.abs(z))                                  # in (0, 1], underflows to 0 at worst
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _activate(z, name):
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "sigmoid":
        return _sigmoid(z)
    return np.tanh(z)


def _derivative(z, a, name):
    """f'(z), written with the activation a = f(z) where that is simpler. relu'(0) = 0."""
    if name == "relu":
        return z > 0                                        # a 0/1 mask
    if name == "sigmoid":
        return a * (1.0 - a)
    return 1.0 - a * a


def _log_softmax(z):
    """log softmax(z) row by row, shifted by the row maximum: finite for any logits."""
    shifted = z - z.max(axis=1, keepdims=True)              # (n, K), every entry <= 0
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _softmax(z):
    """softmax(z) row by row from the shifted logits: no exponent above 0, no overflow."""
    e = np.exp(z - z.max(axis=1, keepdims=True))            # (n, K), in (0, 1], at least one 1 per row
    return e / e.sum(axis=1, keepdims=True)


class MLPClassifier:
    """A fully connected network with a softmax output, trained on the mean cross-entropy.

    Attributes (set by fit): weights (list of (n_in, n_out) arrays), biases (list of (n_out,)
    arrays), loss_history (the objective on the training set at the start of each epoch).
    """

    def __init__(self, hidden_sizes=(32,), activation="relu", learning_rate=0.01, n_iterations=200,
                 batch_size=32, optimizer="adam", l2=0.0, tol=1e-6, random_state=None):
        self.hidden_sizes = hidden_sizes
        self.activation = activation
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.batch_size = batch_size
        self.optimizer = optimizer
        self.l2 = l2
        self.tol = tol
        self.random_state = random_state

    # ------------------------------------------------------------------ training

    def fit(self, X, y):
        """Fit on X (n, d) and integer labels y (n,) in 0..K-1, K = max(y) + 1. Returns self."""
        X, y = _check_X(X), _check_y(y)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
        self._check_hyperparameters()
        n, d = X.shape
        sizes = (d, *self.hidden_sizes, int(y.max()) + 1)   # units per layer, input to output

        rng = np.random.default_rng(self.random_state)
        self.weights = [rng.uniform(-1.0, 1.0, (fan_in, fan_out)) * np.sqrt(6.0 / (fan_in + fan_out))
                        for fan_in, fan_out in zip(sizes[:-1], sizes[1:])]          # Glorot uniform
        self.biases = [np.zeros(fan_out) for fan_out in sizes[1:]]
        params = self.weights + self.biases                 # updated in place below
        m = [np.zeros_like(p) for p in params]              # Adam's first moments
        v = [np.zeros_like(p) for p in params]              # Adam's second moments
        t = 0                                               # Adam's step counter, over all epochs

        self.loss_history = []
        for _ in range(self.n_iterations):
            loss = self._loss(X, y)
            self.loss_history.append(loss)
            if len(self.loss_history) > 1 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            order = rng.permutation(n)
            for start in range(0, n, self.batch_size):
                batch = order[start:start + self.batch_size]
                dW, db = self._gradients(X[batch], y[batch])
                t += 1
                for p, g, m_p, v_p in zip(params, dW + db, m, v):
                    if self.optimizer == "sgd":
                        p -= self.learning_rate * g
                        continue
                    m_p *= BETA1                            # m ← β1 m + (1 − β1) g
                    m_p += (1.0 - BETA1) * g
                    v_p *= BETA2                            # v ← β2 v + (1 − β2) g²
                    v_p += (1.0 - BETA2) * np.square(g)
                    # θ ← θ − lr m̂ / (√v̂ + ε), m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ): the moments start
                    # at 0, and the corrections undo that bias
                    root_v_hat = np.sqrt(v_p / (1.0 - BETA2 ** t))
                    root_v_hat += EPS
                    p -= (self.learning_rate / (1.0 - BETA1 ** t)) * m_p / root_v_hat
        return self

    # ------------------------------------------------------------------ the model

    def _forward(self, X):
        """([a_0 = X, a_1, ..., a_(L-1)], [z_1, ..., z_(L-1)], logits z_L (n, K))."""
        activations, pre = [X], []
        for W, b in zip(self.weights[:-1], self.biases[:-1]):
            z = activations[-1] @ W                         # (n, n_l)
            z += b
            pre.append(z)
            activations.append(_activate(z, self.activation))
        logits = activations[-1] @ self.weights[-1]         # (n, K)
        logits += self.biases[-1]
        return activations, pre, logits

    def loss(self, X, y):
        """J at the current parameters: mean cross-entropy + (l2/2) Σ ||W_l||²."""
        X = self._check_fitted_X(X)
        return self._loss(X, self._check_labels(y, X))

    def gradients(self, X, y):
        """(dJ/dW_l for each layer, dJ/db_l for each layer) at the current parameters."""
        X = self._check_fitted_X(X)
        return self._gradients(X, self._check_labels(y, X))

    def _loss(self, X, y):
        _, _, logits = self._forward(X)
        cross_entropy = -_log_softmax(logits)[np.arange(len(y)), y].mean()
        penalty = 0.5 * self.l2 * sum(float(np.sum(W * W)) for W in self.weights)
        return float(cross_entropy + penalty)

    def _gradients(self, X, y):
        activations, pre, logits = self._forward(X)
        n = len(y)
        delta = _softmax(logits)                            # P, (n, K)
        delta[np.arange(n), y] -= 1.0                       # P - Y
        delta /= n                                          # δ_L = dJ/dz_L
        dW, db = [], []
        for layer in range(len(self.weights) - 1, -1, -1):
            W = self.weights[layer]
            dW.append(activations[layer].T @ delta)         # a_(l-1)ᵀ δ_l, then + l2 W_l
            if self.l2:
                dW[-1] += self.l2 * W
            db.append(delta.sum(axis=0))
            if layer > 0:                                   # δ_(l-1) = (δ_l W_lᵀ) ⊙ f'(z_(l-1))
                delta = delta @ W.T
                delta *= _derivative(pre[layer - 1], activations[layer], self.activation)
        return dW[::-1], db[::-1]

    def predict_proba(self, X):
        """Class probabilities, shape (n, K); each row sums to 1."""
        _, _, logits = self._forward(self._check_fitted_X(X))
        return _softmax(logits)

    def predict(self, X):
        """The most probable class of each row, shape (n,) of ints (ties to the smaller label)."""
        return np.argmax(self.predict_proba(X), axis=1)

    # ------------------------------------------------------------------ input checks

    def _check_hyperparameters(self):
        sizes = self.hidden_sizes
        if not isinstance(sizes, (tuple, list)) or not all(isinstance(s, (int, np.integer)) and s > 0
                                                           for s in sizes):
            raise ValueError(f"hidden_sizes must be a tuple of positive ints, got {sizes!r}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {self.activation!r}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {self.optimizer!r}")
        if not isinstance(self.batch_size, (int, np.integer)) or self.batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {self.batch_size!r}")

    def _check_fitted_X(self, X):
        if not hasattr(self, "weights"):
            raise ValueError("this model is not fitted yet: call fit(X, y) first")
        X = _check_X(X)
        if X.shape[1] != self.weights[0].shape[0]:
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on {self.weights[0].shape[0]}")
        return X

    def _check_labels(self, y, X):
        y = _check_y(y)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
        if y.max() >= self.weights[-1].shape[1]:
            raise ValueError(f"y has label {y.max()}, the model has {self.weights[-1].shape[1]} classes")
        return y


def _check_X(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"X must be a non-empty 2-D array (n_samples, n_features), got shape {X.shape}")
    return X


def _check_y(y):
    y = np.asarray(y)
    if y.ndim != 1 or y.size == 0 or not np.issubdtype(y.dtype, np.number):
        raise ValueError(f"y must be a non-empty 1-D array of labels, got shape {y.shape}")
    if not np.all(np.isfinite(y)) or not np.all(y == np.round(y)) or y.min() < 0:
        raise ValueError("y must hold integer class labels 0, 1, ..., K-1")
    return y.astype(np.int64)
