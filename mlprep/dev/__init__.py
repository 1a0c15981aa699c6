"""Tools for authors of problems: `mlprep dev check` (is a problem sound?), `mlprep dev new`
(a scaffold that already runs), the corpus format, and mutants generated from references."""
