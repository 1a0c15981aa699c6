# expect: correctness=lose
# why: Adam uses the raw moments m and v, which start at 0: the first steps are (1-β1)/√(1-β2) ≈ 3.16 times learning_rate instead of learning_rate.
# feedback: correctness ~ not bias-corrected
import numpy as np


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def sigmoid(z):
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


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

    def _act(self, z):
        if self.activation == "relu":
            return np.maximum(0, z)
        if self.activation == "sigmoid":
            return sigmoid(z)
        return np.tanh(z)

    def _act_grad(self, z, a):
        if self.activation == "relu":
            return (z > 0).astype(float)
        if self.activation == "sigmoid":
            return a * (1 - a)
        return 1 - a ** 2

    def _forward(self, X):
        zs, acts = [], [X]
        for i, (W, b) in enumerate(zip(self.weights, self.biases)):
            z = acts[-1] @ W + b
            zs.append(z)
            if i < len(self.weights) - 1:
                acts.append(self._act(z))
        return zs, acts

    def loss(self, X, y):
        zs, _ = self._forward(np.asarray(X, dtype=float))
        logp = log_softmax(zs[-1])
        data = -np.mean(logp[np.arange(len(y)), y])
        reg = 0.5 * self.l2 * sum(np.sum(W ** 2) for W in self.weights)
        return float(data + reg)

    def gradients(self, X, y):
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        zs, acts = self._forward(X)
        Y = np.zeros_like(zs[-1])
        Y[np.arange(n), y] = 1.0
        delta = (softmax(zs[-1]) - Y) / n
        dW = [None] * len(self.weights)
        db = [None] * len(self.weights)
        for l in reversed(range(len(self.weights))):
            dW[l] = acts[l].T @ delta + self.l2 * self.weights[l]
            db[l] = delta.sum(axis=0)
            if l > 0:
                delta = (delta @ self.weights[l].T) * self._act_grad(zs[l - 1], acts[l])
        return dW, db

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y).astype(int)
        n, d = X.shape
        k = y.max() + 1
        rng = np.random.default_rng(self.random_state)
        sizes = [d] + list(self.hidden_sizes) + [k]
        self.weights, self.biases = [], []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            limit = np.sqrt(6 / (fan_in + fan_out))
            self.weights.append(rng.uniform(-limit, limit, size=(fan_in, fan_out)))
            self.biases.append(np.zeros(fan_out))
        ms = [np.zeros_like(p) for p in self.weights + self.biases]
        vs = [np.zeros_like(p) for p in self.weights + self.biases]
        t = 0
        self.loss_history = []
        for epoch in range(self.n_iterations):
            current = self.loss(X, y)
            self.loss_history.append(current)
            if epoch > 0 and abs(self.loss_history[-2] - current) < self.tol:
                break
            idx = rng.permutation(n)
            for start in range(0, n, self.batch_size):
                batch = idx[start:start + self.batch_size]
                dW, db = self.gradients(X[batch], y[batch])
                t += 1
                params = self.weights + self.biases
                grads = dW + db
                for i in range(len(params)):
                    if self.optimizer == "sgd":
                        params[i] -= self.learning_rate * grads[i]
                    else:
                        ms[i] = 0.9 * ms[i] + 0.1 * grads[i]
                        vs[i] = 0.999 * vs[i] + 0.001 * grads[i] ** 2
                        params[i] -= self.learning_rate * ms[i] / (np.sqrt(vs[i]) + 1e-8)
        return self

    def predict_proba(self, X):
        zs, _ = self._forward(np.asarray(X, dtype=float))
        return softmax(zs[-1])

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=1)
