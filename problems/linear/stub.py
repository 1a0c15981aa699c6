"""Linear regression: least squares trained by batch gradient descent.

Build a class `LinearRegression` that learns a weight vector w and a bias b so that

    ŷ = X w + b                     predictions, shape (n,)
    r = ŷ - y                       residuals, shape (n,)

The objective is the mean squared error, exactly as written here (no ½ in front):

    L(w, b) = (1/n) · ||X w + b - y||² = (1/n) · Σᵢ rᵢ²

Its gradient:

    dL/dw = (2/n) · Xᵀ r            shape (d,)
    dL/db = (2/n) · Σᵢ rᵢ           scalar

Batch gradient descent, starting from w = 0 (a vector of zeros) and b = 0:

    w ← w - learning_rate · dL/dw
    b ← b - learning_rate · dL/db

This objective is the contract. Some courses use L/2, whose gradient has no factor 2: that
is a different objective, and gradient descent on it takes different steps (half as long
for the same learning_rate), so it does not count as a solution here. Likewise, solving the
normal equations in closed form is not gradient descent: the grader follows the steps and
the loss_history of the descent itself.

Shapes: X is (n_samples, n_features) float, y is (n_samples,) float.

Contract
--------
LinearRegression(learning_rate=0.01, n_iterations=1000, tol=1e-6)
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
    loss_history[0] is the loss at w = 0, b = 0 (that is mean(y²)), len(loss_history) is
    the number of iterations run (at most n_iterations), and tol=0 runs all n_iterations.

predict(X) -> array (n,) of floats
    X w + b for each row, computed from the fitted `weights` and `bias`.

Fitted attributes: weights (d,) array, bias float, loss_history (one float per iteration run).
predict must not change the model, and no method may modify X or y.

Traps worth thinking about
--------------------------
- The factor 2 and the 1/n in the gradient: each one changes the size of every step.
- Shapes: (n,) and (n, 1) arrays broadcast into (n, n) matrices without complaint, and a
  bug may only show when n ≠ d or when d = 1.
- Features can be constant (zero variance) or collinear (a duplicated column), and targets
  can be large (around 1e6). Gradient descent copes with all of these; make sure nothing
  else in fit divides by zero, inverts a singular matrix, or loses the loss's digits.
- No Python loop over samples: one iteration should be a few whole-array operations.
"""

import numpy as np


class LinearRegression:
    """Least-squares linear regression fitted by batch gradient descent.

    Attributes (set by fit): weights (d,), bias float, loss_history list of floats.
    """

    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        # TODO: start from zero weights, zero bias and an empty loss_history
        # TODO: each iteration: record the objective, apply the stopping rule, take one step
        # TODO: store weights, bias and loss_history, and return the model
        raise NotImplementedError

    def predict(self, X):
        # TODO: return the predicted target for each row of X, shape (n,)
        raise NotImplementedError
