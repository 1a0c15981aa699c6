"""The learner's history in one workspace: grades, hints, starts, solutions viewed and mock
interviews, in SQLite at `<workspace>/.mlprep/progress.db`.

Concurrency: every write is one `BEGIN IMMEDIATE` transaction, the database runs in WAL mode
when the file system allows it, and connections wait up to 15 s for a lock (busy_timeout), so
`mlprep watch` and a manual `mlprep grade` can record at the same moment. A damaged database
raises `ProgressDamaged` (exit 2) and is never deleted or rewritten. A database that can be read
but not written (a read-only file, folder or file system) is not damaged: it is opened read-only,
reads work, and a write raises `ProgressReadOnly` (exit 2) saying why.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from .errors import MlprepError

DB_NAME = "progress.db"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 15.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS grades (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    graded_at REAL NOT NULL,
    score REAL NOT NULL,
    passed INTEGER NOT NULL,
    error TEXT,
    criteria TEXT NOT NULL,          -- JSON {criterion: score or null}
    attempt TEXT NOT NULL,           -- absolute path of the graded file
    in_workspace INTEGER NOT NULL,   -- 1 when the file was <workspace>/<slug>.py
    interview_id INTEGER,
    feedback TEXT NOT NULL DEFAULT '[]'  -- JSON [[criterion, comment], ...], most important first
);
CREATE INDEX IF NOT EXISTS grades_slug ON grades (slug);
CREATE TABLE IF NOT EXISTS hints (
    slug TEXT NOT NULL,
    level INTEGER NOT NULL,          -- 1 = first hint
    shown_at REAL NOT NULL,
    PRIMARY KEY (slug, level)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    kind TEXT NOT NULL,              -- start | reset | solution
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS interviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    started_at REAL NOT NULL,
    minutes REAL NOT NULL,
    ended_at REAL,
    outcome TEXT                     -- passed | time up | finished
);
"""


# Tables added after schema 1. Additive only, so the schema number stays 1 and an older mlprep
# still opens the workspace (it ignores them); created on the first writable connection.
ADDED_TABLES = """
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    started_at REAL NOT NULL,
    box INTEGER NOT NULL,            -- the Leitner box the problem was in when the review started
    ended_at REAL,
    outcome TEXT,                    -- passed | helped | failed (see mlprep.review)
    grade_at REAL                    -- when the grade that decided it was recorded
);
"""


_OPEN: "weakref.WeakSet[Progress]" = weakref.WeakSet()  # databases with an open connection


def close_all() -> None:
    """Close every open database. The command line calls this before it leaves with os._exit:
    closing the last connection is when SQLite folds the write-ahead log into the database and
    removes the -wal and -shm files, which interpreter teardown would otherwise have done."""
    for progress in list(_OPEN):
        progress.close()


class ProgressDamaged(MlprepError):
    """The database exists but SQLite cannot read it. Exit 2; the file is left as it is."""

    def __init__(self, path: Path, detail: str):
        super().__init__(
            f"The progress database {path} is damaged ({detail}). mlprep has not changed or "
            f"deleted it. Your attempts (*.py) are safe. To start a fresh history, move it "
            f"aside (mv {path.name} {path.name}.broken inside {path.parent}); to keep your "
            f"history, restore it from a backup.")
        self.path = path


class ProgressReadOnly(MlprepError):
    """The database (or the folder it would be created in) cannot be written. Exit 2; nothing
    in it is damaged or changed."""

    def __init__(self, path: Path, why: str):
        super().__init__(
            f"The progress database {path} cannot be written: {why}. Your history in it is intact; "
            f"mlprep has not changed it. Make it writable to record again.")
        self.path, self.why = path, why


SQLITE_READONLY, SQLITE_CANTOPEN = 8, 14


def _is_read_only_error(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in (SQLITE_READONLY, SQLITE_CANTOPEN)
    text = str(exc)
    return "readonly database" in text or "unable to open database file" in text


def why_not_writable(path: Path) -> str | None:
    """Why the database at `path` (or the folder that would hold it) cannot be written, in words
    a user can act on; None when nothing says it cannot."""
    folder = path.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        if os.statvfs(existing).f_flag & os.ST_RDONLY:
            return f"the file system holding {existing} is mounted read-only"
    except OSError:
        pass
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file is read-only (chmod u+w {path})"
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return (f"its folder {folder} is read-only, and SQLite writes its journal next to the database "
                f"(chmod u+w {folder})")
    if not folder.exists() and not os.access(existing, os.W_OK | os.X_OK):
        return f"the folder {existing} is read-only, so {folder.name}/ cannot be created in it"
    return None


@dataclass
class GradeRow:
    slug: str
    graded_at: float
    score: float
    passed: bool
    error: str | None
    criteria: dict[str, float | None]
    attempt: str
    in_workspace: bool
    interview_id: int | None
    feedback: list = field(default_factory=list)


@dataclass
class InterviewRow:
    id: int
    slug: str
    started_at: float
    minutes: float
    ended_at: float | None
    outcome: str | None

    @property
    def deadline(self) -> float:
        return self.started_at + 60.0 * self.minutes


@dataclass
class ReviewRow:
    id: int
    slug: str
    started_at: float
    box: int  # the Leitner box the problem was in when the review started
    ended_at: float | None
    outcome: str | None  # passed | helped | failed
    grade_at: float | None


@dataclass
class ProblemProgress:
    slug: str
    grades: int = 0
    best_score: float | None = None
    passed: bool = False
    best_criteria: dict[str, float | None] = field(default_factory=dict)
    hints_used: int = 0
    last_graded: float | None = None
    solution_viewed: bool = False


class Progress:
    """Opened per command. Reads on a workspace that has no database return empty results
    without creating anything; the first write creates `.mlprep/progress.db`."""

    def __init__(self, state_dir: Path):
        self.path = Path(state_dir) / DB_NAME
        self._conn: sqlite3.Connection | None = None
        self.read_only: str | None = None  # why, once the database was found not writable

    # ------------------------------------------------------------ plumbing

    def exists(self) -> bool:
        return self.path.exists()

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProgressReadOnly(self.path, why_not_writable(self.path) or str(exc)) from None
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            if _is_read_only_error(exc) and self.exists():
                return self._connect_read_only(exc)
            raise ProgressDamaged(self.path, str(exc)) from None
        try:
            self._prepare(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _is_read_only_error(exc) and self.exists():
                return self._connect_read_only(exc)
            raise ProgressDamaged(self.path, str(exc)) from None
        self._conn = conn
        _OPEN.add(self)
        return conn

    def _prepare(self, conn: sqlite3.Connection, writable: bool = True) -> None:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        check = conn.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity check: {check[0] if check else 'no answer'}")
        if writable:
            with contextlib.suppress(sqlite3.OperationalError):
                # WAL lets a reader and a writer work at once; a file system without shared
                # memory (some network mounts) keeps the default journal, which busy_timeout
                # still makes safe.
                conn.execute("PRAGMA journal_mode = WAL")
        has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone()
        if not has_meta and writable:
            with self._write(conn):
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() if (has_meta or writable) else None
        if row is None or int(row[0]) > SCHEMA_VERSION:
            conn.close()
            raise MlprepError(f"{self.path} was not written by this version of mlprep "
                              f"(schema {row[0] if row else 'missing'}); upgrade mlprep to use this workspace.")
        if writable:
            for statement in ADDED_TABLES.split(";"):  # tables added since schema 1 (additive only)
                if statement.strip():
                    conn.execute(statement)

    def _connect_read_only(self, cause: sqlite3.Error) -> sqlite3.Connection:
        """The database cannot be written (a read-only file, folder or file system): open it for
        reading only, so every read works, and remember why for the first write."""
        self.read_only = why_not_writable(self.path) or str(cause)
        uri = self.path.resolve().as_uri()
        # immutable=1 when the folder cannot even hold SQLite's shared-memory file; safe only
        # when no write-ahead log holds changes that are not in the database file yet
        options = ["mode=ro"] + ([] if self.path.with_name(self.path.name + "-wal").exists() else ["mode=ro&immutable=1"])
        last: sqlite3.Error = cause
        for query in options:
            try:
                conn = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
                try:
                    self._prepare(conn, writable=False)
                except BaseException:
                    conn.close()
                    raise
            except sqlite3.DatabaseError as exc:
                last = exc
                continue
            self._conn = conn
            _OPEN.add(self)
            return conn
        raise ProgressDamaged(self.path, f"it cannot be written ({self.read_only}), nor read: {last}")

    @contextlib.contextmanager
    def _write(self, conn: sqlite3.Connection | None = None):
        conn = conn or self._connect()
        if self.read_only:
            raise ProgressReadOnly(self.path, self.read_only)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise MlprepError(f"The progress database {self.path} stayed locked for "
                                  f"{BUSY_TIMEOUT_S:.0f} s by another mlprep; try again.") from None
            if _is_read_only_error(exc):
                raise ProgressReadOnly(self.path, why_not_writable(self.path) or str(exc)) from None
            raise ProgressDamaged(self.path, str(exc)) from None

    def _read(self, sql: str, args: tuple = ()) -> list[tuple]:
        if self._conn is None and not self.exists():
            return []
        try:
            return self._connect().execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise ProgressDamaged(self.path, str(exc)) from None

    def check(self, write: bool = False) -> None:
        """Raise ProgressDamaged now (before a long grade, before a file is touched) if the
        database cannot be read, and with `write` ProgressReadOnly if it cannot be written."""
        if self.exists():
            self._connect()
            if write and self.read_only:
                raise ProgressReadOnly(self.path, self.read_only)
        if write:
            why = why_not_writable(self.path)
            if why:
                raise ProgressReadOnly(self.path, why)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            _OPEN.discard(self)

    def __del__(self):
        # A sqlite3.Connection sits in a reference cycle (with its statement cache), so only the
        # cyclic garbage collector would free it and close the database, and a process leaving
        # with os._exit never runs it: the database would keep its -wal and -shm files. Closed
        # here, as soon as the Progress that owns it goes.
        try:
            self.close()
        except Exception:
            pass

    # ------------------------------------------------------------ writes

    def record_grade(self, report, *, in_workspace: bool, interview_id: int | None = None,
                     at: float | None = None) -> None:
        criteria = {name: c.score for name, c in report.criteria.items()}
        with self._write() as conn:
            conn.execute(
                "INSERT INTO grades (slug, graded_at, score, passed, error, criteria, attempt, "
                "in_workspace, interview_id, feedback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (report.problem, at or time.time(), float(report.score), int(bool(report.passed)),
                 report.error, json.dumps(criteria), str(report.attempt), int(in_workspace), interview_id,
                 json.dumps([] if report.error else [list(f) for f in report.feedback()])))

    def record_event(self, slug: str, kind: str, at: float | None = None) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO events (slug, kind, at) VALUES (?, ?, ?)", (slug, kind, at or time.time()))

    def next_hint_level(self, slug: str, available: int) -> int:
        """Mark the next hint of `slug` as seen and return its level (1-based). When every hint
        was seen already, returns `available` + 1 and records nothing."""
        with self._write() as conn:
            seen = conn.execute("SELECT COALESCE(MAX(level), 0) FROM hints WHERE slug = ?", (slug,)).fetchone()[0]
            if seen >= available:
                return available + 1
            conn.execute("INSERT INTO hints (slug, level, shown_at) VALUES (?, ?, ?)", (slug, seen + 1, time.time()))
            return seen + 1

    def start_interview(self, slug: str, minutes: float) -> InterviewRow:
        with self._write() as conn:
            running = conn.execute("SELECT id FROM interviews WHERE ended_at IS NULL").fetchone()
            if running:
                raise MlprepError("An interview is already running.")
            now = time.time()
            cur = conn.execute("INSERT INTO interviews (slug, started_at, minutes) VALUES (?, ?, ?)",
                               (slug, now, minutes))
            return InterviewRow(cur.lastrowid, slug, now, minutes, None, None)

    def end_interview(self, interview_id: int, outcome: str, at: float | None = None) -> bool:
        """End it once; False when it had already ended (another process got there first)."""
        with self._write() as conn:
            cur = conn.execute("UPDATE interviews SET ended_at = ?, outcome = ? WHERE id = ? AND ended_at IS NULL",
                               (at or time.time(), outcome, interview_id))
            return cur.rowcount == 1

    # ------------------------------------------------------------ reads

    def grades(self, slug: str | None = None, interview_id: int | None = None) -> list[GradeRow]:
        sql = ("SELECT slug, graded_at, score, passed, error, criteria, attempt, in_workspace, interview_id, "
               "feedback FROM grades")
        where, args = [], []
        if slug is not None:
            where.append("slug = ?")
            args.append(slug)
        if interview_id is not None:
            where.append("interview_id = ?")
            args.append(interview_id)
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._read(sql + " ORDER BY id", tuple(args))
        return [GradeRow(r[0], r[1], r[2], bool(r[3]), r[4], json.loads(r[5]), r[6], bool(r[7]), r[8],
                         json.loads(r[9])) for r in rows]

    def hints_seen(self, slug: str) -> int:
        rows = self._read("SELECT COALESCE(MAX(level), 0) FROM hints WHERE slug = ?", (slug,))
        return rows[0][0] if rows else 0

    def last_started(self) -> str | None:
        rows = self._read("SELECT slug FROM events WHERE kind IN ('start', 'interview', 'review') "
                          "ORDER BY id DESC LIMIT 1")
        return rows[0][0] if rows else None

    def events(self, slug: str, kind: str) -> int:
        rows = self._read("SELECT COUNT(*) FROM events WHERE slug = ? AND kind = ?", (slug, kind))
        return rows[0][0] if rows else 0

    def running_interview(self) -> InterviewRow | None:
        rows = self._read("SELECT id, slug, started_at, minutes, ended_at, outcome FROM interviews "
                          "WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1")
        return InterviewRow(*rows[0]) if rows else None

    def interview(self, interview_id: int) -> InterviewRow | None:
        rows = self._read("SELECT id, slug, started_at, minutes, ended_at, outcome FROM interviews WHERE id = ?",
                          (interview_id,))
        return InterviewRow(*rows[0]) if rows else None

    # ------------------------------------------------------------ spaced review (mlprep.review)

    def _has_table(self, name: str) -> bool:
        return bool(self._read("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))

    def first_passes(self) -> dict[str, float]:
        """When each problem was first passed."""
        return dict(self._read("SELECT slug, MIN(graded_at) FROM grades WHERE passed = 1 GROUP BY slug"))

    def reviews(self, slug: str | None = None) -> list[ReviewRow]:
        if not self._has_table("reviews"):  # a database from before reviews, opened read-only
            return []
        where, args = ("WHERE slug = ? ", (slug,)) if slug else ("", ())
        rows = self._read("SELECT id, slug, started_at, box, ended_at, outcome, grade_at FROM reviews "
                          f"{where}ORDER BY id", args)
        return [ReviewRow(*r) for r in rows]

    def open_review(self) -> ReviewRow | None:
        return next((r for r in reversed(self.reviews()) if r.ended_at is None), None)

    def start_review(self, slug: str, box: int, at: float) -> ReviewRow:
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM reviews WHERE ended_at IS NULL").fetchone():
                raise MlprepError("A review is already open.")
            cur = conn.execute("INSERT INTO reviews (slug, started_at, box) VALUES (?, ?, ?)", (slug, at, box))
            conn.execute("INSERT INTO events (slug, kind, at) VALUES (?, 'review', ?)", (slug, at))
            return ReviewRow(cur.lastrowid, slug, at, box, None, None, None)

    def end_review(self, review_id: int, outcome: str, at: float) -> bool:
        """End it once; False when another process ended it first."""
        with self._write() as conn:
            cur = conn.execute("UPDATE reviews SET ended_at = ?, outcome = ?, grade_at = ? "
                               "WHERE id = ? AND ended_at IS NULL", (at, outcome, at, review_id))
            return cur.rowcount == 1

    def help_since(self, slug: str, since: float) -> bool:
        """Whether a hint or the solution of `slug` was shown at or after `since`."""
        rows = self._read("SELECT 1 FROM events WHERE slug = ? AND kind IN ('hint', 'solution') AND at >= ? "
                          "LIMIT 1", (slug, since))
        return bool(rows)

    def summary(self, slugs: list[str]) -> dict[str, ProblemProgress]:
        """Per problem: best score, best per criterion, grades, hints used, last graded."""
        out = {slug: ProblemProgress(slug) for slug in slugs}
        for g in self.grades():
            p = out.get(g.slug)
            if p is None:
                continue
            p.grades += 1
            p.best_score = g.score if p.best_score is None else max(p.best_score, g.score)
            p.passed = p.passed or g.passed
            p.last_graded = g.graded_at if p.last_graded is None else max(p.last_graded, g.graded_at)
            for name, score in g.criteria.items():
                if score is not None:
                    prev = p.best_criteria.get(name)
                    p.best_criteria[name] = score if prev is None else max(prev, score)
                else:
                    p.best_criteria.setdefault(name, None)
        for slug, level in self._read("SELECT slug, MAX(level) FROM hints GROUP BY slug"):
            if slug in out:
                out[slug].hints_used = level
        for (slug,) in self._read("SELECT DISTINCT slug FROM events WHERE kind = 'solution'"):
            if slug in out:
                out[slug].solution_viewed = True
        return out
