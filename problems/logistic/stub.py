"""Logistic regression: binary classification trained by batch gradient descent.

Build a class `LogisticRegression` that learns a weight vector w and a bias b so that

    z = X w + b                     logits, shape (n,)
    p = sigmoid(z) = 1 / (1 + e^(-z))      P(y = 1 | x), shape (n,)

The objective is the mean cross-entropy plus an L2 penalty on the weights (never on the bias):

    L(w, b) = -mean( y log p + (1 - y) log(1 - p) ) + (l2 / 2) ||w||²

Its gradient:

    dL/dw = Xᵀ (p - y) / n + l2 w   shape (d,)
    dL/db = mean(p - y)             scalar

Batch gradient descent, starting from w = 0 (a vector of zeros) and b = 0:

    w ← w - learning_rate · dL/dw
    b ← b - learning_rate · dL/db

Shapes: X is (n_samples, n_features) float, y is (n_samples,) with labels 0 and 1.

Contract
--------
LogisticRegression(learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0)
    The constructor only stores its arguments under these names (it is given in full below).

fit(X, y) -> self
    Learns the parameters and returns the model itself. Every call starts again from
    w = 0, b = 0 and a new, empty loss_history.
    Iteration t (t = 0, 1, ..., n_iterations - 1) does, in this order:
      1. compute L at the current parameters and append it to loss_history;
      2. if t > 0 and abs(previous - current) < tol, where previous and current are the
         last two entries of loss_history, stop (no update in this iteration);
      3. take one gradient step on w and b.
    So loss_history[t] is the objective at the parameters at the START of iteration t,
    loss_history[0] is the loss at w = 0, b = 0, len(loss_history) is the number of
    iterations run (at most n_iterations), and tol=0 runs all n_iterations.

predict_proba(X) -> array (n,) of floats in [0, 1]
    P(y = 1 | x) for each row, computed from the fitted `weights` and `bias`.

predict(X, threshold=0.5) -> array (n,) of ints in {0, 1}
    1 where predict_proba(X) >= threshold, else 0.

Fitted attributes: weights (d,) array, bias float, loss_history (one float per iteration run).
predict_proba and predict must not change the model, and no method may modify X or y.

Traps worth thinking about
--------------------------
- Logits can be large (|z| in the hundreds or thousands: large features, separable
  classes). e^z then overflows, p rounds to exactly 0 or 1, and log(0) appears. Every
  output and every loss_history entry must stay finite and accurate, without warnings.
- Zero initial weights make every p equal to 1/2 in the first iteration, so a bug can hide
  until the second one.
- Shapes: (n,) and (n, 1) arrays broadcast into (n, n) matrices without complaint.
- No Python loop over samples: one iteration should be a few whole-array operations.
"""

import numpy as np


class LogisticRegression:
    """Binary logistic regression with an L2 penalty on the weights.

    Attributes (set by fit): weights (d,), bias float, loss_history list of floats.
    """

    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        # TODO: start from zero weights, zero bias and an empty loss_history
        # TODO: each iteration: record the objective, apply the stopping rule, take one step
        # TODO: store weights, bias and loss_history, and return the model
        raise NotImplementedError

    def predict_proba(self, X):
        # TODO: return P(y = 1 | x) for each row of X, shape (n,), finite for any logit
        raise NotImplementedError

    def predict(self, X, threshold=0.5):
        # TODO: return integer labels 0/1, shape (n,)
        raise NotImplementedError
