"""The grading engine. `engine.grade(problem, path)` is the entry point; hidden tests use the
check kit (`mlprep.grading.kit`). Kept import-light: the worker and hidden tests import pieces
of this package."""
