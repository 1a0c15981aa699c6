"""t-SNE (exact, small n).

`mlprep start tsne` puts the statement (statement.md) here, in place of this docstring.
"""

import numpy as np


class TSNE:
    """t-distributed stochastic neighbour embedding.

    Attributes (set by fit): embedding (n, n_components), kl_divergence float,
    loss_history list of floats (KL(P‖Q) at the start of each iteration run).
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
        # TODO: squared distances; for every row, the precision whose conditional row has the perplexity
        # TODO: return the symmetric P, shape (n, n): zero diagonal, sums to 1
        raise NotImplementedError

    def kl_gradient(self, P, Y):
        # TODO: Student-t similarities Q of Y; return (KL(P‖Q) as a float, its gradient shaped like Y)
        raise NotImplementedError

    def fit(self, X):
        # TODO: P from joint_probabilities, Y_0 from np.random.default_rng(self.random_state), V = 0
        # TODO: each iteration: record KL(P‖Q), apply the stopping rule, take the momentum step
        # TODO: store embedding, kl_divergence and loss_history, and return the model
        raise NotImplementedError

    def fit_transform(self, X):
        # TODO: fit, then return the embedding (n, n_components)
        raise NotImplementedError
