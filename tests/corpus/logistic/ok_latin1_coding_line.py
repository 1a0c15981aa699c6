# -*- coding: latin-1 -*-
# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: the file declares `# -*- coding: latin-1 -*-` on line 1 (PEP 263) and holds latin-1 bytes in its comments, as an older editor saves it; Python decodes it by that declaration, so it is legal source and nothing is lost.
# Régression logistique, descente de gradient à pas fixe (écrit par un candidat francophone).
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    @staticmethod
    def _sigmoide(z):
        # deux branches : exp ne reçoit jamais un nombre positif élevé
        res = np.empty_like(z)
        positif = z >= 0
        res[positif] = 1.0 / (1.0 + np.exp(-z[positif]))
        e = np.exp(z[~positif])
        res[~positif] = e / (1.0 + e)
        return res

    def _perte(self, z, y, w):
        # entropie croisée moyenne écrite avec les logits, plus la pénalité (l2/2)·||w||²
        return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * self.l2 * np.dot(w, w))

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        nb_exemples, nb_variables = X.shape
        poids = np.zeros(nb_variables)
        biais = 0.0
        self.loss_history = []
        for etape in range(self.n_iterations):
            z = X @ poids + biais
            self.loss_history.append(self._perte(z, y, poids))
            if etape > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            ecart = self._sigmoide(z) - y
            poids = poids - self.learning_rate * (X.T @ ecart / nb_exemples + self.l2 * poids)
            biais = biais - self.learning_rate * ecart.mean()   # le biais n'est pas pénalisé
        self.weights = poids
        self.bias = float(biais)
        return self

    def predict_proba(self, X):
        return self._sigmoide(np.asarray(X, dtype=float) @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
