# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: sigmoid as (1 + tanh(z/2))/2, Adam in Kingma and Ba's efficient ordering (step size lr·√(1−β2ᵗ)/(1−β1ᵗ), ε outside), Glorot-normal weights, rng.shuffle of an index array each epoch, a small optimizer class and a while loop: all legal.
import numpy as np


class Adam:
    def __init__(self, params, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, params, grads):
        self.t += 1
        lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
        for i, (p, g) in enumerate(zip(params, grads)):
            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g
            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2
            p -= lr_t * self.m[i] / (np.sqrt(self.v[i]) + self.eps)


class SGD:
    def __init__(self, params, lr):
        self.lr = lr

    def step(self, params, grads):
        for p, g in zip(params, grads):
            p -= self.lr * g


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

    def _hidden(self, z):
        if self.activation == "sigmoid":
            return 0.5 * (1.0 + np.tanh(0.5 * z))
        if self.activation == "tanh":
            return np.tanh(z)
        return np.maximum(z, 0.0)

    def _hidden_slope(self, z, a):
        if self.activation == "sigmoid":
            return a * (1.0 - a)
        if self.activation == "tanh":
            return (1.0 - a) * (1.0 + a)
        return (z > 0) * 1.0

    def _logits(self, X):
        layers = [(None, X)]
        for W, b in zip(self.weights[:-1], self.biases[:-1]):
            z = layers[-1][1] @ W + b
            layers.append((z, self._hidden(z)))
        return layers, layers[-1][1] @ self.weights[-1] + self.biases[-1]

    @staticmethod
    def _log_probs(logits):
        shifted = logits - np.max(logits, axis=1, keepdims=True)
        return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))

    def loss(self, X, y):
        _, logits = self._logits(np.asarray(X, dtype=float))
        picked = np.take_along_axis(self._log_probs(logits), np.asarray(y).reshape(-1, 1), axis=1)
        return float(-picked.mean() + self.l2 / 2 * sum((W ** 2).sum() for W in self.weights))

    def gradients(self, X, y):
        X = np.asarray(X, dtype=float)
        layers, logits = self._logits(X)
        n = len(X)
        err = np.exp(self._log_probs(logits))
        err[np.arange(n), np.asarray(y)] -= 1.0
        err /= n
        gW, gb = [], []
        for l in reversed(range(len(self.weights))):
            z_prev, a_prev = layers[l]
            gW.append(a_prev.T @ err + self.l2 * self.weights[l])
            gb.append(err.sum(axis=0))
            if l:
                err = (err @ self.weights[l].T) * self._hidden_slope(z_prev, a_prev)
        return gW[::-1], gb[::-1]

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(int)
        rng = np.random.default_rng(self.random_state)
        units = [X.shape[1], *self.hidden_sizes, y.max() + 1]
        self.weights = [rng.normal(0.0, np.sqrt(2.0 / (a + b)), size=(a, b)) for a, b in zip(units, units[1:])]
        self.biases = [np.zeros(b) for b in units[1:]]
        params = self.weights + self.biases
        opt = Adam(params, self.learning_rate) if self.optimizer == "adam" else SGD(params, self.learning_rate)
        index = np.arange(len(X))
        self.loss_history = []
        epoch = 0
        while epoch < self.n_iterations:
            self.loss_history.append(self.loss(X, y))
            if len(self.loss_history) >= 2 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            rng.shuffle(index)
            for lo in range(0, len(X), self.batch_size):
                rows = index[lo:lo + self.batch_size]
                gW, gb = self.gradients(X[rows], y[rows])
                opt.step(params, gW + gb)
            epoch += 1
        return self

    def predict_proba(self, X):
        _, logits = self._logits(np.asarray(X, dtype=float))
        return np.exp(self._log_probs(logits))

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=1)
