# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: He-normal initialisation for relu (Glorot otherwise), forward and backward passes written with einsum, log-softmax via logsumexp, one-hot labels from np.eye: all legal variations of the stated algorithm.
import numpy as np


def logsumexp(z):
    m = z.max(axis=1, keepdims=True)
    return m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))


class MLPClassifier:
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

    # activations and their derivatives, the latter in terms of (z, a)
    def _f(self, z):
        if self.activation == "relu":
            return np.where(z > 0, z, 0.0)
        if self.activation == "sigmoid":
            e = np.exp(-np.abs(z))
            return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
        return np.tanh(z)

    def _df(self, z, a):
        return {"relu": lambda: np.heaviside(z, 0.0), "sigmoid": lambda: a - a * a,
                "tanh": lambda: 1.0 - np.square(a)}[self.activation]()

    def _init(self, rng, sizes):
        weights = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            if self.activation == "relu":
                weights.append(rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in))
            else:
                weights.append(rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / (fan_in + fan_out)))
        return weights, [np.zeros(fan_out) for fan_out in sizes[1:]]

    def _passes(self, X):
        cache = {"a0": X}
        a = X
        L = len(self.weights)
        for l in range(1, L + 1):
            z = np.einsum("ni,io->no", a, self.weights[l - 1]) + self.biases[l - 1]
            cache[f"z{l}"] = z
            a = self._f(z) if l < L else z
            cache[f"a{l}"] = a
        return cache, a

    def loss(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        _, logits = self._passes(X)
        y = np.asarray(y)
        nll = logsumexp(logits)[:, 0] - logits[np.arange(len(y)), y]
        return float(nll.mean() + 0.5 * self.l2 * sum(np.einsum("ij,ij->", W, W) for W in self.weights))

    def gradients(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y)
        cache, logits = self._passes(X)
        L = len(self.weights)
        probs = np.exp(logits - logsumexp(logits))
        delta = (probs - np.eye(logits.shape[1])[y]) / len(y)
        grads_W, grads_b = [], []
        for l in range(L, 0, -1):
            grads_W.insert(0, np.einsum("ni,no->io", cache[f"a{l - 1}"], delta) + self.l2 * self.weights[l - 1])
            grads_b.insert(0, np.einsum("no->o", delta))
            if l > 1:
                back = np.einsum("no,io->ni", delta, self.weights[l - 1])
                delta = back * self._df(cache[f"z{l - 1}"], cache[f"a{l - 1}"])
        return grads_W, grads_b

    def fit(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.int64)
        n, d = X.shape
        rng = np.random.default_rng(self.random_state)
        self.weights, self.biases = self._init(rng, [d, *self.hidden_sizes, int(y.max()) + 1])
        state = [(np.zeros_like(p), np.zeros_like(p)) for p in self.weights + self.biases]
        steps = 0
        self.loss_history = []
        for epoch in range(self.n_iterations):
            self.loss_history.append(self.loss(X, y))
            if epoch and abs(self.loss_history[-1] - self.loss_history[-2]) < self.tol:
                break
            order = rng.permutation(n)
            for batch in np.array_split(order, np.arange(self.batch_size, n, self.batch_size)):
                gW, gb = self.gradients(X[batch], y[batch])
                steps += 1
                for p, g, (m, v) in zip(self.weights + self.biases, gW + gb, state):
                    if self.optimizer == "sgd":
                        p -= self.learning_rate * g
                        continue
                    m[...] = 0.9 * m + 0.1 * g
                    v[...] = 0.999 * v + 0.001 * g * g
                    p -= self.learning_rate * (m / (1 - 0.9 ** steps)) / (np.sqrt(v / (1 - 0.999 ** steps)) + 1e-8)
        return self

    def predict_proba(self, X):
        _, logits = self._passes(np.asarray(X, dtype=np.float64))
        return np.exp(logits - logsumexp(logits))

    def predict(self, X):
        return self.predict_proba(X).argmax(axis=1)
