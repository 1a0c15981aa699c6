"""The trusted side of talking to an attempt: a session owns the worker process, restarts it
after a crash, enforces the grade's time budget, and gives hidden tests a proxy (`Attempt`,
`Remote`) that looks like the attempt's objects but only ever moves plain data."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ..textsafe import text_safe
from . import protocol as proto
from .errors import AttemptCrashed, AttemptError, AttemptTimeout
from .processes import kill_strays, ticks_now
from .worker import Worker, WorkerFailure, WorkerTimeout

STARTUP_TIMEOUT = 20.0  # seconds for a worker to start and import NumPy on a busy machine


@dataclass(frozen=True)
class FPEvent:
    kind: str  # "overflow" | "divide" | "invalid"
    line: int | None
    message: str


@dataclass
class CallInfo:
    """What the last request observed besides its result."""

    fp_events: list = field(default_factory=list)
    mutated: list = field(default_factory=list)
    stdout: str = ""
    cpu_s: float | None = None
    line_events: int | None = None
    call_events: int | None = None
    lines: dict = field(default_factory=dict)
    tracer_intact: bool | None = None


@dataclass
class Budget:
    """The grade's wall-clock deadline, shared by every session of one grade."""

    deadline: float

    @classmethod
    def seconds(cls, s: float) -> "Budget":
        return cls(time.monotonic() + s)

    def remaining(self) -> float:
        return self.deadline - time.monotonic()


@dataclass(frozen=True)
class Opaque:
    """A value the attempt returned that is not data (only its type name crosses)."""

    type_name: str

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


class Session:
    """One worker at a time running the attempt, restarted after a crash or timeout."""

    def __init__(self, *, source: str, filename: str, budget: Budget, call_timeout: float,
                 memory_bytes: int, protect: list[str]):
        self.source, self.filename = source, filename
        self.budget, self.call_timeout = budget, call_timeout
        self.memory_bytes, self.protect = memory_bytes, protect
        self.worker: Worker | None = None
        self.generation = 0
        self.last = CallInfo()
        self.load_output = ""
        self.sandbox: tuple[str, str] | None = None  # the weakest protection any worker of this session had
        self.started_ticks = ticks_now()
        self._remotes: dict[int, Remote] = {}

    # ------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Spawn a worker and import the attempt. Raises AttemptError / AttemptTimeout /
        AttemptCrashed when the attempt cannot be imported."""
        self.close_worker()
        if self.budget.remaining() <= 0.5:
            raise AttemptTimeout("the grade ran out of time; the attempt's process was not restarted")
        self.generation += 1
        self._remotes = {}
        cpu = max(int(self.budget.remaining()) + 2, 5)
        self.worker = Worker(cpu_seconds=cpu, memory_bytes=self.memory_bytes, protect=self.protect)
        timeout = min(STARTUP_TIMEOUT, self.budget.remaining())
        try:
            level = self.worker.hello(timeout, attempt_file=self.filename)
        except WorkerFailure as exc:
            raise AttemptCrashed(f"mlprep could not start its worker process: {exc}") from None
        if self.sandbox is None or level[0] == "basic":
            self.sandbox = level
        reply = self._request("load", "importing the attempt", timeout=min(self.call_timeout, self.budget.remaining()),
                              source=self.source, filename=self.filename)
        self.load_output = reply.stdout
        if not reply.ok:
            raise _attempt_error("importing the attempt", reply.error)

    def close_worker(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None

    def close(self) -> None:
        """End of the grade: the worker, and every process the attempt started, whatever became
        of it, are gone."""
        self.close_worker()
        kill_strays(self.started_ticks)

    # ------------------------------------------------------------ requests

    def _timeout(self) -> float:
        """Every call gets the full per-call deadline: one slow call does not decide the checks
        that follow (the kit stops calling a fit that hangs on ordinary data; the grade's budget
        bounds the rest)."""
        remaining = self.budget.remaining()
        if remaining <= 0:
            raise AttemptTimeout("the grade ran out of time before this check could run")
        return min(self.call_timeout, remaining)

    def _request(self, op: str, where: str, timeout: float | None = None, arrays=None, **fields):
        if self.worker is None or self.worker.dead:
            self.start()
        limit = self._timeout() if timeout is None else min(timeout, max(self.budget.remaining(), 0.1))
        try:
            return self.worker.request(op, limit, arrays=arrays, **fields)
        except WorkerTimeout:
            self.worker = None
            raise AttemptTimeout(f"{where} did not finish within {limit:.0f} s: an infinite loop, a sleep, "
                                 f"or far too much work") from None
        except WorkerFailure as exc:
            self.worker = None
            raise AttemptCrashed(f"{where} stopped the attempt's process: {exc}") from None

    def send(self, op: str, where: str, *, generation: int | None = None, **fields):
        """Send a request whose fields may hold arrays; decode the reply's value."""
        if generation is not None and generation != self.generation:
            raise AttemptCrashed(f"{where}: this object was lost when the attempt's process was restarted "
                                 f"after an earlier failure")
        arrays: list = []
        encoded = {k: (proto.encode(v, arrays) if k in ("args", "kwargs", "value") else v) for k, v in fields.items()}
        reply = self._request(op, where, arrays=arrays, **encoded)
        self.last = _call_info(reply.info, reply.stdout)
        if not reply.ok:
            raise _attempt_error(where, reply.error)
        try:
            return proto.decode(reply.value, reply.arrays, marker=self._marker)
        except proto.ProtocolError as exc:
            self.close_worker()
            raise AttemptCrashed(f"{where}: the attempt's process sent a malformed answer ({exc})") from None

    def _marker(self, value: dict):
        if "$h" in value:
            handle = value["$h"]
            remote = self._remotes.get(handle)
            if remote is None:
                names = value.get("methods")
                methods = frozenset(n for n in names[:100] if isinstance(n, str)) if isinstance(names, list) else ()
                remote = Remote(self, handle, str(value.get("type", "object")), self.generation, methods)
                self._remotes[handle] = remote
            return remote
        if "$m" in value:
            return _MethodMarker(str(value["$m"]))
        return Opaque(str(value.get("$o", "object")))


MAX_FP_EVENTS = 50  # distinct floating-point events kept per call
MAX_LINES = 5000  # attempt lines with a count, per traced call


def _text(value, cap: int = 2000) -> str:
    """Text from the worker, bounded and encodable (a lone surrogate becomes a visible escape)."""
    return text_safe(str(value)[:cap])


def _call_info(info: dict, stdout: str) -> CallInfo:
    """What the worker reported besides the value, bounded: the worker runs attempt code, which
    can write any frame it likes to the channel, so nothing here may cost more than linear time
    in a capped number of items."""
    events, seen = [], set()
    raw = info.get("fp_events")
    for e in (raw if isinstance(raw, list) else [])[:10 * MAX_FP_EVENTS]:
        if not isinstance(e, dict):
            continue
        line = e.get("line") if isinstance(e.get("line"), int) else None
        event = FPEvent(_text(e.get("kind", "invalid"), 20), line, _text(e.get("message", ""), 200))
        if event not in seen:
            seen.add(event)
            events.append(event)
            if len(events) == MAX_FP_EVENTS:
                break
    lines = {}
    raw_lines = info.get("lines")
    if isinstance(raw_lines, dict):
        for k, v in list(raw_lines.items())[:MAX_LINES]:
            try:
                lines[int(k)] = int(v)
            except (TypeError, ValueError):
                continue
    mutated = info.get("mutated")

    def number(name):
        value = info.get(name)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    return CallInfo(fp_events=events, stdout=stdout, lines=lines,
                    mutated=[m for m in mutated[:64] if isinstance(m, int)] if isinstance(mutated, list) else [],
                    cpu_s=number("cpu_s"), line_events=number("line_events"), call_events=number("call_events"),
                    tracer_intact=info.get("tracer_intact") if isinstance(info.get("tracer_intact"), bool) else None)


@dataclass(frozen=True)
class _MethodMarker:
    name: str


def _attempt_error(where: str, error: dict | None) -> AttemptError:
    error = error or {}
    line = error.get("line") if isinstance(error.get("line"), int) else None
    return AttemptError(where, _text(error.get("type", "Exception"), 100), _text(error.get("message", "")), line)


class Remote:
    """An object living in the worker. Attribute reads, writes and method calls are forwarded;
    results come back as plain data (NumPy arrays, numbers, lists) or as other Remotes."""

    __slots__ = ("_session", "_handle", "_type", "_generation", "_methods")

    def __init__(self, session: Session, handle: int, type_name: str, generation: int,
                 methods: frozenset = frozenset()):
        object.__setattr__(self, "_session", session)
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "_type", type_name)
        object.__setattr__(self, "_generation", generation)
        # public functions of its class (the worker says which): `remote.fit` is then a bound
        # method at once, without a round trip to ask; the call looks the name up in the worker
        object.__setattr__(self, "_methods", methods)

    def __repr__(self) -> str:
        return f"<remote {self._type} #{self._handle}>"

    def _send(self, op: str, where: str, **fields):
        return self._session.send(op, where, generation=self._generation, handle=self._handle, **fields)

    def call(self, method: str, *args, _mode: str = "plain", _readonly: bool = False, **kwargs):
        """`_mode`: "plain", "trace" (count line events) or "timed" (CPU time); `_readonly`: the
        array arguments arrive read-only, so an in-place write raises at its line."""
        return self._send("call", f"{self._type}.{method}", method=method, args=list(args), kwargs=kwargs,
                          mode=_mode, readonly=_readonly)

    def get(self, name: str):
        if name in self._methods:
            return _BoundMethod(self, name)
        value = self._send("get", f"reading {self._type}.{name}", name=name)
        if isinstance(value, _MethodMarker):
            return _BoundMethod(self, name)
        return value

    def has(self, name: str) -> bool:
        return bool(self._send("has", f"looking up {self._type}.{name}", name=name))

    def set(self, name: str, value) -> None:
        self._send("set", f"setting {self._type}.{name}", name=name, value=value)

    def state(self) -> dict:
        """vars(obj) as plain data (objects inside appear as Opaque)."""
        value = self._send("state", f"reading the attributes of {self._type}")
        return value if isinstance(value, dict) else {}

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)

    def __setattr__(self, name: str, value) -> None:
        self.set(name, value)


class _BoundMethod:
    def __init__(self, remote: Remote, name: str):
        self.remote, self.name = remote, name

    def __call__(self, *args, **kwargs):
        return self.remote.call(self.name, *args, **kwargs)


class Attempt:
    """The `attempt` fixture: `attempt.ClassName(**hyperparameters)` builds a Remote."""

    def __init__(self, session: Session):
        self._session = session

    @property
    def last(self) -> CallInfo:
        return self._session.last

    def new(self, cls: str, *args, **kwargs) -> Remote:
        where = f"{cls}({', '.join(f'{k}={v!r}' for k, v in kwargs.items() if not isinstance(v, np.ndarray))})"
        value = self._session.send("new", where, cls=cls, args=list(args), kwargs=kwargs)
        if not isinstance(value, Remote):
            raise AttemptError(where, "TypeError", "the constructor did not return an object", None)
        return value

    def function(self, name: str, *args, _mode: str = "plain", _readonly: bool = False, **kwargs):
        """Call the attempt's module-level function `name` (problems whose contract is a function)."""
        return self._session.send("function", f"{name}()", name=name, args=list(args), kwargs=kwargs,
                                  mode=_mode, readonly=_readonly)

    def worker_cpu_seconds(self) -> float | None:
        worker = self._session.worker
        return worker.cpu_seconds() if worker is not None and not worker.dead else None

    def __getattr__(self, name: str):
        if name[:1].isupper():
            return lambda *args, **kwargs: self.new(name, *args, **kwargs)
        raise AttributeError(name)
