"""The grading engine. `engine.grade(problem, path)` is the entry point; hidden tests use the
check kit (`mlprep.grading.kit`). Kept import-light: the worker and hidden tests import pieces
of this package."""

import os

# The variables that set how many threads NumPy's BLAS starts, read when NumPy is imported. Every
# process mlprep grades in gets 1: the worker, the grading process (`mlprep` itself, unless the
# user set a number), the processes of a class run.
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                    "NUMEXPR_NUM_THREADS")


def use_one_blas_thread() -> None:
    """Give this process one BLAS thread unless the user set a number: each variable is set only
    where it is not set already. Takes effect only when called before NumPy is imported."""
    for name in BLAS_THREAD_VARS:
        os.environ.setdefault(name, "1")
