"""Multilayer perceptron: the reference against scikit-learn's MLPClassifier, equal work per epoch.

Both train the same network the same way (tests/test_oracle_mlp.py: step for step from the same
initial weights, to 1e-16 for SGD, and for Adam once ε is made negligible on both sides, since
scikit-learn uses Kingma and Ba's ordering with ε against √v instead of √v̂): d = 50 features, one hidden layer of 128 relu units, a softmax over
K = 3 classes, mini-batches of 200 rows from a new permutation every epoch, Adam with
learning_rate 0.01, no penalty, EPOCHS epochs, no early stopping (tol=0 on both sides; scikit-learn
with n_iter_no_change larger than the epochs). Per epoch both do one forward and one backward pass
per mini-batch and one Adam update of every parameter; the reference also evaluates the loss on
the whole training set at the start of each epoch (its loss_history, a forward pass over n rows),
while scikit-learn averages the losses of the mini-batches it already computed. The initial
weights differ (each side's own Glorot-uniform draw), which changes no cost.

The floor is the BLAS work an epoch cannot avoid: per mini-batch the two forward products
(X_b W_1, A_b W_2) and the three backward ones (A_bᵀ Δ_2, Δ_2 W_2ᵀ, X_bᵀ Δ_1), plus the two forward
products on all n rows for the recorded loss, times the epochs. The layers are wide enough for the
products to matter (with d = 20 and 32 hidden units the elementwise work of relu, softmax and Adam
costs several times the products themselves, on both sides: measured ratio to scikit-learn 0.5-0.8,
to the floor 3-9)."""

import warnings

import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (20_000, 100_000)
D = 50
HIDDEN = 128
K = 3
BATCH = 200
EPOCHS = 2
LEARNING_RATE = 0.01



def _reference():
    return reference("mlp")


def _data(n: int, d: int = D):
    """K overlapping Gaussian classes in d dimensions, standardised."""
    rng = np.random.default_rng(0)
    centres = rng.normal(scale=1.5, size=(K, d))
    y = rng.integers(K, size=n)
    X = centres[y] + rng.normal(size=(n, d))
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def make(n: int) -> dict:
    from sklearn.neural_network import MLPClassifier as SkMLP

    ref = _reference()
    X, y = _data(n)

    def ours():
        ref.MLPClassifier(hidden_sizes=(HIDDEN,), activation="relu", learning_rate=LEARNING_RATE,
                          n_iterations=EPOCHS, batch_size=BATCH, optimizer="adam", l2=0.0, tol=0.0,
                          random_state=0).fit(X, y)

    def sklearn():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")                 # ConvergenceWarning: the epochs are capped on purpose
            SkMLP(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam", alpha=0.0, batch_size=BATCH,
                  learning_rate_init=LEARNING_RATE, max_iter=EPOCHS, shuffle=True, tol=0.0,
                  n_iter_no_change=EPOCHS + 1, random_state=0).fit(X, y)

    W1, W2 = np.ones((D, HIDDEN)), np.ones((HIDDEN, K))
    A_all = np.ones((n, HIDDEN))
    A, D2, D1 = np.ones((BATCH, HIDDEN)), np.ones((BATCH, K)), np.ones((BATCH, HIDDEN))

    def floor():
        for _ in range(EPOCHS):
            X @ W1                                          # the recorded loss: a forward pass on all rows
            A_all @ W2
            for start in range(0, n - BATCH + 1, BATCH):
                Xb = X[start:start + BATCH]
                Xb @ W1                                     # forward
                A @ W2
                A.T @ D2                                    # backward
                D2 @ W2.T
                Xb.T @ D1

    return {
        "ours": ours,
        "sklearn": sklearn,
        "floor": floor,
        "note": f"{EPOCHS} epochs of Adam on mini-batches of {BATCH} (d={D}, hidden=({HIDDEN},) relu, K={K}, no "
                f"penalty, no early stopping) on both sides; the reference also records the full-data loss each epoch",
    }
