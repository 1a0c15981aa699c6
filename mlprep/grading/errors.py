"""Exceptions a hidden check sees when it talks to the attempt, and the ones a check raises to
say how it ended. They carry sentences meant for the learner; the pytest plugin turns an
uncaught one into the check's outcome and feedback."""

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


class NotScorable(Exception):
    """A check could not judge what it is about, because something it needs already fails on
    ordinary input (that failure is charged once, to the check that owns it) or because the
    attempt never created the situation the check is about. The check is left out of its
    criterion's score; a criterion none of whose checks could be scored scores 0."""

    outcome = "not_scorable"

    def __init__(self, message: str, *, owner: str | None = None, criterion: str | None = None):
        super().__init__(message)
        # the check that owns the failing prerequisite, and its criterion: within that criterion the
        # prerequisite's failure counts against every check that needs it (it is that criterion's
        # fault); in the others it is left out
        self.owner, self.criterion = owner, criterion


class KitMisuse(Exception):
    """A hidden check or problem spec is wrong (mlprep's bug, never the learner's): for example
    a check whose data does not create the condition it claims to test on the reference."""
