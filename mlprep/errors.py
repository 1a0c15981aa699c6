"""Exceptions whose message is meant for the user. The CLI turns them into exit codes."""

from __future__ import annotations


class MlprepError(Exception):
    """Base: a problem the user can fix. Exit code 2 unless a subclass says otherwise."""

    exit_code = 2


class UsageError(MlprepError):
    """Bad input from the user: unknown problem, missing file, bad option."""


class UnknownProblem(UsageError):
    def __init__(self, slug: str, suggestions: list[str]):
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No problem called '{slug}'.{hint} Run `mlprep list` to see them all.")
        self.slug, self.suggestions = slug, suggestions


class CatalogError(MlprepError):
    """A problem folder is malformed (a bug in mlprep's content, not the user's)."""


class GraderBroken(MlprepError):
    """mlprep's own hidden tests could not run: a bug in mlprep, never in the attempt."""

    def __init__(self, slug: str, detail: str):
        super().__init__(f"mlprep's hidden tests for '{slug}' could not run; this is a bug in mlprep, not in "
                         f"your attempt. Please report it with this detail: {detail}")
        self.slug, self.detail = slug, detail

    def __reduce__(self):  # picklable across processes (dev check grades in a process pool)
        return (GraderBroken, (self.slug, self.detail))


class Refused(MlprepError):
    """The command understood the request and declines it (exit 1), saying what to do instead."""

    exit_code = 1


class AttemptExists(Refused):
    pass


class NeedsConfirmation(Refused):
    pass


class InterviewRunning(Refused):
    pass


class HiddenDuringInterview(Refused):
    pass


class NoInterview(Refused):
    pass


def describe_os_error(exc: OSError) -> str:
    """One sentence for an error of the operating system: what could not be done to which path,
    and why, in words a user can act on."""
    import errno

    path = exc.filename if exc.filename is not None else "a file"
    why = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.ENOENT: "it does not exist",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EISDIR: "it is a folder",
    }.get(exc.errno, exc.strerror or type(exc).__name__)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT):
        return (f"Cannot write {path}: {why}. Run mlprep in a folder you can write to "
                f"(or pass --dir), or fix the folder's permissions.")
    return f"Cannot use {path}: {why}."
