"""Grade one submission in a process of its own, for `mlprep class grade`:

    python -m mlprep.classroom.one PROBLEM FILE OUT.json [TIME_LIMIT]

or, the same in a copy forked by the class run's grading-process server (`--serve FD`, see
grading/forkserver.py), which has imported the grader once and graded nothing.

writes {"report": GradeReport.to_dict()} to OUT.json (atomically), or {"failure": why} when
mlprep itself could not grade it (a bug in a hidden test, a missing file). Nothing is written when
it is interrupted: the batch then records no result, and the next run grades it again. The grade
itself is the engine's: its own sandboxed worker, limits and deadline."""

from __future__ import annotations

import json
import os
import sys
import traceback


def write_atomically(path: str, payload: dict) -> None:
    from ..textsafe import json_safe

    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(json_safe(payload), fh, allow_nan=False)
    os.replace(tmp, path)


def main(argv: list[str]) -> int:
    slug, file, out = argv[:3]
    time_limit = float(argv[3]) if len(argv) > 3 and argv[3] else None
    from ..grading import processes

    processes.start_spare()  # the worker imports NumPy while this process imports the grader
    from .. import catalog
    from ..errors import MlprepError

    try:
        from ..grading import engine

        report = engine.grade(catalog.get_problem(slug), file, time_limit=time_limit)
        payload = {"report": report.to_dict()}
    except KeyboardInterrupt:
        return 130
    except MlprepError as exc:
        payload = {"failure": str(exc)}
    except Exception as exc:  # mlprep's own bug: say so, with the trace on stderr for the log
        traceback.print_exc()
        payload = {"failure": f"mlprep failed while grading it ({type(exc).__name__}: {exc}); this is a bug "
                              f"in mlprep, not in the submission"}
    processes.discard_spare()  # unused when the grade stopped before starting a worker
    write_atomically(out, payload)
    return 0


def serve(control_fd: int) -> None:
    """The grading-process server: the grader's imports once, then for each request a forked
    copy that grades as `python -m mlprep.classroom.one ARGV` would, in the request's folder and
    TMPDIR, its output going to the request's log."""
    import socket

    import numpy  # noqa: F401  what every grading process imports before it grades
    import pytest  # noqa: F401

    from .. import catalog  # noqa: F401
    from ..grading import engine, forkserver, kit, plugin, processes  # noqa: F401

    message, fds = forkserver.serve(socket.socket(fileno=control_fd), 1)
    code = 1
    try:
        request = json.loads(message)
        forkserver.settle_descriptors(fds[0], [])
        os.chdir(request["cwd"])
        os.environ["TMPDIR"] = request["tmpdir"]
        forkserver.fresh_random_state()
        code = main([str(a) for a in request["argv"]])
    except BaseException:  # as an uncaught exception would: the trace in the log, no result
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(int(sys.argv[2]))
    sys.exit(main(sys.argv[1:]))
