"""mlprep: practise implementing ML algorithms from scratch in NumPy, graded on the rubric
interviewers use (correctness, vectorization, numerical stability, organization, convergence)."""

__version__ = "0.1.0"
