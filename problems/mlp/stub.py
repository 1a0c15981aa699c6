"""A multilayer perceptron classifier trained by backpropagation.

The statement is problems/mlp/statement.md; `mlprep start mlp` writes this stub with the statement
here, in place of this docstring.
"""

import numpy as np


class MLPClassifier:
    """A fully connected network with a softmax output, trained on the mean cross-entropy.

    Attributes (set by fit): weights (list of (n_in, n_out) arrays), biases (list of (n_out,)
    arrays), loss_history (list of floats, one per epoch run).
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

    def fit(self, X, y):
        # TODO: draw the initial weights from np.random.default_rng(self.random_state); biases, an empty
        #       loss_history and the optimizer's state start afresh at every fit
        # TODO: each epoch: record loss(X, y), apply the stopping rule, then one step per mini-batch of a
        #       new permutation of the rows
        # TODO: return the model
        raise NotImplementedError

    def predict_proba(self, X):
        # TODO: the forward pass with the current weights and biases; softmax probabilities, shape (n, K)
        raise NotImplementedError

    def predict(self, X):
        # TODO: the most probable class of each row, shape (n,) of ints
        raise NotImplementedError

    def loss(self, X, y):
        # TODO: the objective J (mean cross-entropy + the l2 penalty) at the current parameters, a float
        raise NotImplementedError

    def gradients(self, X, y):
        # TODO: backpropagation at the current parameters: (list of dJ/dW_l, list of dJ/db_l)
        raise NotImplementedError
