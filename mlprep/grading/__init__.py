"""The grading engine. `engine.grade(problem, path)` is the entry point; hidden tests use the
check kit (`mlprep.grading.kit`). Kept import-light: the worker and hidden tests import pieces
of this package."""

# The variables that set how many threads NumPy's BLAS starts, read when NumPy is imported. Every
# process mlprep grades in gets 1: the worker, the grading process (`mlprep` itself, unless the
# user set a number), the processes of a class run.
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                    "NUMEXPR_NUM_THREADS")
