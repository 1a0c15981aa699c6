# expect: error=yes all=zero
# why: the file does not parse (a missing colon).
import numpy as np


class LogisticRegression
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
