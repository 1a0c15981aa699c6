"""Exceptions a hidden test sees when it talks to the attempt.

They carry sentences meant for the learner; the pytest plugin turns an uncaught one into the
test's outcome and feedback."""

from __future__ import annotations


class AttemptProblem(Exception):
    """Base class: the attempt did not give a usable answer."""

    outcome = "failed"


class AttemptError(AttemptProblem):
    """The attempt raised an exception."""

    def __init__(self, where: str, exc_type: str, message: str, line: int | None):
        self.where, self.exc_type, self.message, self.line = where, exc_type, message, line
        at = f" at line {line}" if line else ""
        text = f"{where} raised {exc_type}{at}: {message}" if message else f"{where} raised {exc_type}{at}"
        super().__init__(text)


class AttemptTimeout(AttemptProblem):
    """The attempt did not finish before its deadline."""

    outcome = "timeout"


class AttemptCrashed(AttemptProblem):
    """The worker died or answered with garbage."""

    outcome = "error"


class NotData(AttemptProblem):
    """The attempt returned something that is not plain data where data was expected."""
