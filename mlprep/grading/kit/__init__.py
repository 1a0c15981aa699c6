"""The check kit: the standard checks every problem shares, chosen by a problem's tags, and the
helpers a problem's own checks use. A hidden-test module reads:

    from mlprep.grading import kit

    SPEC = kit.Estimator(cls="LinearRegression", params=..., tags={...}, ...)
    kit.install(SPEC, globals())          # the standard checks, and the `ctx` fixture

    @pytest.mark.criterion("numerical_stability", weight=2)
    def test_something_only_this_problem_has(ctx):
        model = ctx.fit(X, y, learning_rate=0.1, n_iterations=20, tol=0.0)
        ...

See docs/authoring-problems.md."""

from ..errors import AttemptCrashed, AttemptError, AttemptProblem, AttemptTimeout, KitMisuse, NotScorable
from . import compare
from .compare import (Mismatch, as_array, as_float_array, assert_close, assert_close_rows_any_order,
                      assert_close_up_to_sign, assert_equal_labels, assert_same_partition, central_differences,
                      gradient_error, is_close, same_data, same_partition)
from .context import ARRAY, Context, Model
from .contract import hyperparameter_is_used
from .diagnose import require_stated_start
from .iterative import history_is_faithful, require_faithful_history
from .reference import assert_fits_like_reference
from .registry import applicable, install, selected
from .spec import (Estimator, Function, Group, History, Kind, Labels, Matrix, Probabilities, Scalar, Setup,
                   Trap, Values, Vector, history_values)
from .stability import format_fp_events
from .vector import assert_no_sample_loops, loop_rate

__all__ = [
    "ARRAY", "assert_fits_like_reference", "hyperparameter_is_used", "require_stated_start", "history_is_faithful", "require_faithful_history", "AttemptCrashed", "AttemptError", "AttemptProblem", "AttemptTimeout", "Context", "Estimator",
    "Function", "Group", "History", "KitMisuse", "Kind", "Labels", "Matrix", "Mismatch", "Model", "NotScorable",
    "Probabilities", "Scalar", "Setup", "Trap", "Values", "Vector", "applicable", "as_array", "as_float_array",
    "assert_close", "assert_close_rows_any_order", "assert_close_up_to_sign", "assert_equal_labels",
    "assert_no_sample_loops", "assert_same_partition", "central_differences", "compare", "format_fp_events",
    "gradient_error", "history_values", "install", "is_close", "loop_rate", "same_data", "same_partition",
    "selected",
]
