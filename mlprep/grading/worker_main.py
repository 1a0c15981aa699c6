"""The worker: imports one untrusted attempt and answers the parent's requests.

Run by path as `python -I -B worker_main.py FD_IN FD_OUT PROTOCOL_PY`, in a fresh session and a
temporary directory, by `mlprep.grading.worker`; or as `worker_main.py PROTOCOL_PY zygote FD`, the
fork server (forkserver.py), which forks a fresh worker for each request on socket FD.
Everything here runs before and around attempt code, so it trusts nothing the attempt leaves
behind: each request re-establishes the NumPy error state it needs, and only plain data goes back
to the parent.

Requests (header "op"):
    hello   {nonce, limits, deny_imports, protect, tmpdir, attempt_file}
                                                               set limits, confine with the kernel
                                                               (Landlock), install the audit hook
    load    {source, filename}                                 compile and execute the attempt
    new     {cls, args, kwargs}                                -> handle
    call    {handle, method, args, kwargs, mode, readonly}     mode: "plain" | "trace" | "timed"
    function {name, args, kwargs, mode, readonly}              a module-level function of the attempt
    get     {handle, name} / set {handle, name, value} / has {handle, name}
    state   {handle}                                           the instance's attributes as data
"""

import os
import sys
import time


def _load_by_path(path, name):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ZYGOTE = sys.argv[2:3] == ["zygote"]
if ZYGOTE:  # the fork server: the channel of each worker it forks is set in become_worker
    PROTOCOL_PATH, FD_IN, FD_OUT = sys.argv[1], -1, -1
else:
    PROTOCOL_PATH, FD_IN, FD_OUT = sys.argv[3], int(sys.argv[1]), int(sys.argv[2])
proto = _load_by_path(PROTOCOL_PATH, "_mlprep_protocol")
import numpy as np  # noqa: E402  (after the protocol, before any attempt code)
import resource  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402

SANDBOX_PY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sandbox.py")
FORKSERVER_PY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "forkserver.py")
WORKER_FILES = {os.path.abspath(__file__), os.path.abspath(PROTOCOL_PATH), SANDBOX_PY}
# Bound before any attempt code runs: an attempt that rebinds np.seterr, sys.settrace or
# time.thread_time cannot switch off the measurements made through these references.
SETERR, SETERRCALL, GETERRCALL, ERRSTATE = np.seterr, np.seterrcall, np.geterrcall, np.errstate
SETTRACE, GETTRACE = sys.settrace, sys.gettrace
# The thread's CPU clock, not the process's: once RLIMIT_CPU arms a process-wide CPU timer, Linux
# updates the process clock only at accounting points, and a 2 ms call can read as 0 (measured).
# Attempt code runs on this thread with one BLAS thread; work moved to other threads is caught
# by the parent, which compares the total CPU time it sees the worker use.
CPU_CLOCK = time.thread_time
IMPORTLIB_DIR = os.path.dirname(os.path.abspath(__import__("importlib").__file__))
TRUSTED_DIRS = (os.path.dirname(os.path.abspath(os.__file__)) + os.sep,
                os.path.dirname(os.path.abspath(np.__file__)) + os.sep)


def called_from_library(frame):
    """True when the nearest frame outside the import machinery belongs to NumPy or the
    standard library: their own lazy imports and their deliberate np.errstate calls are not
    the attempt's doing."""
    while frame is not None:
        name = frame.f_code.co_filename
        if not (name.startswith("<frozen") or name.startswith(IMPORTLIB_DIR)):
            return name.startswith(TRUSTED_DIRS)
        frame = frame.f_back
    return False
ATTEMPT = {"filename": None, "module": None}
HANDLES = {}
STATE = {"nonce": None, "seq": 0, "next_handle": 1}
FP_KINDS = ("overflow", "divide", "invalid")


# ---------------------------------------------------------------- limits and the audit hook

def set_limits(limits):
    for name, value in limits.items():
        which = getattr(resource, name, None)
        if which is None:
            continue
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):  # e.g. RLIMIT_AS on macOS
            pass


def keep_fp_events_on():
    """Replace np.seterr, np.errstate and np.seterrcall, for attempt code, by versions that
    change only the underflow mode: overflow, divide and invalid stay recorded, because the
    rubric counts them however the attempt tries to silence them."""

    def from_library():
        # NumPy's own code (nanmean, window functions, masked arrays) silences events on
        # purpose; only calls made from attempt code are overridden.
        return called_from_library(sys._getframe(2))

    def seterr(all=None, divide=None, over=None, under=None, invalid=None):
        if from_library():
            return SETERR(all=all, divide=divide, over=over, under=under, invalid=invalid)
        return SETERR(under=under if under is not None else all)

    def seterrcall(func):
        return SETERRCALL(func) if from_library() else None

    def geterrcall():
        # the grader's recorder is not handed to attempt code (which could empty it)
        return GETERRCALL() if from_library() else None

    class errstate(ERRSTATE):
        def __init__(self, *, call=None, all=None, divide=None, over=None, under=None, invalid=None):
            if from_library():
                given = {"all": all, "divide": divide, "over": over, "under": under, "invalid": invalid}
                super().__init__(**{k: v for k, v in given.items() if v is not None},
                                 **({"call": call} if call is not None else {}))
                return
            under = under if under is not None else all
            super().__init__(**({"under": under} if under is not None else {}))

    np.seterr, np.seterrcall, np.geterrcall, np.errstate = seterr, seterrcall, geterrcall, errstate


def install_audit_hook(deny_imports, protect, tmpdir):
    """Refuse what an attempt never needs: processes, sockets, FFI, writing outside the
    temporary directory, reading the hidden reference. A speed bump, not a sandbox: the
    verdict never depends on it, because every comparison happens in the parent."""
    deny = frozenset(deny_imports)
    protect = tuple(os.path.realpath(p) for p in protect)
    tmpdir = os.path.realpath(tmpdir)
    blocked_events = {
        "subprocess.Popen", "os.system", "os.fork", "os.forkpty", "os.exec", "os.posix_spawn",
        "os.spawn", "pty.spawn", "os.kill", "os.killpg", "signal.pthread_kill", "os.setsid",
        "socket.__new__", "socket.connect", "socket.bind", "ctypes.dlopen", "ctypes.dlsym",
        "ctypes.cdata", "ctypes.call_function", "os.startfile", "webbrowser.open", "sys.remote_exec",
    }
    path_events = {"os.remove", "os.rmdir", "os.rename", "os.replace", "shutil.rmtree", "os.truncate",
                   "os.chmod", "os.chown", "os.mkdir", "os.symlink", "os.link", "os.utime",
                   "shutil.move", "shutil.copyfile", "os.listxattr"}

    def inside(path, root):
        return path == root or path.startswith(root + os.sep)

    def real(path):
        if isinstance(path, int):
            return None
        try:
            return os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return None

    def hook(event, args):
        if event == "import":
            top = (args[0] or "").split(".")[0]
            if top in deny and not called_from_library(sys._getframe(1)):
                raise ImportError(f"'{args[0]}' is not available to an attempt: implement it with NumPy")
        elif event == "open":
            path = real(args[0])
            if path is None:
                return
            mode = args[1] or "r"
            flags = args[2] or 0
            writing = any(c in str(mode) for c in "wax+") or flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC)
            if any(inside(path, p) for p in protect):
                raise PermissionError("the grader's hidden files are not readable by an attempt")
            if writing and not inside(path, tmpdir) and path not in ("/dev/null",):
                raise PermissionError(f"an attempt may not write files outside its scratch folder ({path})")
        elif event in blocked_events:
            raise PermissionError(f"{event} is not allowed in an attempt")
        elif event in path_events:
            for p in args:
                path = real(p) if isinstance(p, (str, bytes, os.PathLike)) else None
                if path is not None and not inside(path, tmpdir):
                    raise PermissionError(f"{event} outside the scratch folder is not allowed in an attempt")
        elif event in ("os.listdir", "os.scandir"):
            path = real(args[0]) if args and args[0] is not None else None
            if path and (path.startswith("/proc") or path.startswith("/dev/fd")):
                raise PermissionError("listing process internals is not allowed in an attempt")

    sys.addaudithook(hook)


def confine_self(tmpdir, attempt_file):
    """Landlock (see sandbox.py) before any attempt code runs: ("kernel", how) or ("basic", why
    not). ctypes, which the confinement needs, leaves sys.modules afterwards."""
    before = set(sys.modules)
    try:
        sandbox = _load_by_path(SANDBOX_PY, "_mlprep_sandbox")
        abi = sandbox.confine(read=sandbox.read_paths([np]), scratch=tmpdir, attempt_file=attempt_file)
        return "kernel", f"Landlock ABI {abi}"
    except Exception as exc:  # no Landlock here (old kernel, macOS): the basic measures remain
        return "basic", str(exc) or type(exc).__name__
    finally:
        for name in set(sys.modules) - before:
            if name.split(".")[0] in ("ctypes", "_ctypes", "_mlprep_sandbox"):
                del sys.modules[name]


# ---------------------------------------------------------------- running attempt code

def attempt_line(tb_or_frames):
    """Deepest line of the attempt file in a traceback."""
    line = None
    for frame_summary in tb_or_frames:
        if frame_summary.filename == ATTEMPT["filename"]:
            line = frame_summary.lineno
    return line


def describe_exception(exc):
    frames = traceback.extract_tb(exc.__traceback__)
    message = str(exc)
    if isinstance(exc, SystemExit):
        message = f"the attempt called sys.exit({exc.code!r})"
    return {"type": type(exc).__name__, "message": message[:2000], "line": attempt_line(frames)}


class FPRecorder:
    """Collect floating-point events (overflow, divide, invalid) with the attempt line that
    raised them. Underflow is ignored: stable code underflows legitimately."""

    def __init__(self):
        self.events = []

    def __call__(self, kind, flag):
        line = None
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == ATTEMPT["filename"]:
                line = frame.f_lineno
                break
            frame = frame.f_back
        kind = kind.split()[0] if kind else "invalid"
        kind = "divide" if kind.startswith("divide") else kind
        entry = {"kind": kind, "line": line, "message": f"{kind} in a floating-point operation"}
        if entry not in self.events and len(self.events) < 50:
            self.events.append(entry)


class LineCounter:
    """sys.settrace tracer counting Python calls and line events in every frame but the
    worker's own, and line events per line of the attempt file. Each frame gets the local tracer
    for its kind when it starts, so a line event in NumPy's or the standard library's code (most
    of them) costs one counter increment and no file-name test (about 13% of a traced run)."""

    def __init__(self):
        self.total = 0
        self.calls = 0
        self.lines = {}

    def global_trace(self, frame, event, arg):
        filename = frame.f_code.co_filename
        if filename in WORKER_FILES:
            return None
        self.calls += 1
        return self.attempt_trace if filename == ATTEMPT["filename"] else self.other_trace

    def other_trace(self, frame, event, arg):
        if event == "line":
            self.total += 1
        return self.other_trace

    def attempt_trace(self, frame, event, arg):
        if event == "line":
            self.total += 1
            lines, number = self.lines, frame.f_lineno
            lines[number] = lines.get(number, 0) + 1
        return self.attempt_trace


def run_guarded(fn, mode="plain"):
    """Run attempt code; return (ok, value_or_error, info)."""
    recorder = FPRecorder()
    info = {}
    counter = LineCounter() if mode == "trace" else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        old = SETERR(over="call", divide="call", invalid="call", under="ignore")
        old_call = SETERRCALL(recorder)
        try:
            if counter is not None:
                SETTRACE(counter.global_trace)
            start = CPU_CLOCK()
            try:
                value = fn()
            finally:
                elapsed = CPU_CLOCK() - start
                if counter is not None:
                    info["tracer_intact"] = GETTRACE() == counter.global_trace
                    SETTRACE(None)
            ok = True
        except BaseException as exc:  # the attempt may raise anything, SystemExit included
            ok, value = False, describe_exception(exc)
        finally:
            try:
                SETERR(**old)
                SETERRCALL(old_call)
            except Exception:
                pass
    info["fp_events"] = recorder.events
    info["cpu_s"] = elapsed if ok else None
    if counter is not None:
        info["line_events"] = counter.total
        info["call_events"] = counter.calls
        info["lines"] = {str(k): v for k, v in counter.lines.items()}
    return ok, value, info


MAX_METHODS = 100
FUNCTION = type(lambda: None)  # exact type checks only: isinstance could run an attempt's __class__


def plain_methods(cls):
    """Names of the public functions defined on the class and its bases, read from the class
    dictionaries (no attribute lookup, so no attempt code runs). The parent calls these without
    first asking what the attribute is: one round trip per method call instead of two. The call
    itself still looks the name up on the instance, so an instance attribute still wins."""
    names = set()
    for klass in type.__dict__["__mro__"].__get__(cls):
        for name, value in type.__dict__["__dict__"].__get__(klass).items():
            if type(value) is FUNCTION and isinstance(name, str) and not name.startswith("_") and len(name) <= 100:
                names.add(name)
    return sorted(names)[:MAX_METHODS]


def handle_of(obj):
    if callable(obj) and hasattr(obj, "__self__") and hasattr(obj, "__name__"):
        return {"$m": obj.__name__}
    for handle, existing in HANDLES.items():
        if existing is obj:
            return {"$h": handle, "type": type(obj).__name__, "methods": plain_methods(type(obj))}
    module = type(obj).__module__
    if module == "mlprep_attempt" or module == getattr(ATTEMPT["module"], "__name__", None):
        handle = STATE["next_handle"]
        STATE["next_handle"] += 1
        HANDLES[handle] = obj
        return {"$h": handle, "type": type(obj).__name__, "methods": plain_methods(type(obj))}
    return {"$o": type(obj).__name__}


def opaque(obj):
    return {"$o": type(obj).__name__}


def decode_args(header, arrays, key):
    value = proto.decode(header.get(key), arrays) if header.get(key) is not None else None
    return value


def copies_of(args):
    return [(i, a.copy()) for i, a in enumerate(args) if isinstance(a, np.ndarray)]


def make_readonly(values):
    """Array arguments the attempt must not write to: an in-place write raises at its line."""
    for value in values:
        if isinstance(value, np.ndarray):
            value.flags.writeable = False


def mutated(before, args):
    changed = []
    for i, copy in before:
        now = args[i]
        same = now.shape == copy.shape and np.array_equal(now, copy, equal_nan=True)
        if not same:
            changed.append(i)
    return changed


# ---------------------------------------------------------------- requests

def op_load(header, arrays):
    import types

    filename = header["filename"]
    ATTEMPT["filename"] = filename
    module = types.ModuleType("mlprep_attempt")
    module.__file__ = filename
    sys.modules["mlprep_attempt"] = module
    ATTEMPT["module"] = module
    code = compile(header["source"], filename, "exec")
    ok, value, info = run_guarded(lambda: exec(code, module.__dict__))
    if not ok:
        return False, value, info
    return True, None, info


def obj_of(header):
    handle = header.get("handle")
    if handle not in HANDLES:
        raise LookupError("unknown object (it belonged to an earlier worker)")
    return HANDLES[handle]


def op_new(header, arrays):
    name = header["cls"]
    cls = getattr(ATTEMPT["module"], name, None)
    if cls is None or not isinstance(cls, type):
        return False, {"type": "AttributeError", "message": f"the attempt defines no class {name}", "line": None}, {}
    args = decode_args(header, arrays, "args") or []
    kwargs = decode_args(header, arrays, "kwargs") or {}
    ok, value, info = run_guarded(lambda: cls(*args, **kwargs))
    if not ok:
        return False, value, info
    handle = STATE["next_handle"]
    STATE["next_handle"] += 1
    HANDLES[handle] = value
    return True, value, info


def _run_call(header, arrays, fn_of, where):
    args = list(decode_args(header, arrays, "args") or [])
    kwargs = decode_args(header, arrays, "kwargs") or {}
    if header.get("readonly"):
        make_readonly(args + list(kwargs.values()))
    before = copies_of(args)
    ok, value, info = run_guarded(lambda: fn_of()(*args, **kwargs), mode=header.get("mode", "plain"))
    info["mutated"] = mutated(before, args)
    return ok, value, info


def op_call(header, arrays):
    obj = obj_of(header)
    name = header["method"]
    method = getattr(type(obj), name, None)
    if method is None and name not in getattr(obj, "__dict__", {}):
        return False, {"type": "AttributeError", "message": f"{type(obj).__name__} has no method {name}", "line": None}, {}
    return _run_call(header, arrays, lambda: getattr(obj, name), name)


def op_function(header, arrays):
    name = header["name"]
    fn = getattr(ATTEMPT["module"], name, None)
    if not callable(fn) or isinstance(fn, type):
        return False, {"type": "AttributeError", "message": f"the attempt defines no function {name}", "line": None}, {}
    return _run_call(header, arrays, lambda: fn, name)


def op_get(header, arrays):
    obj = obj_of(header)
    name = header["name"]
    return run_guarded(lambda: getattr(obj, name))


def op_has(header, arrays):
    obj = obj_of(header)
    name = header["name"]
    return run_guarded(lambda: hasattr(obj, name))


def op_set(header, arrays):
    obj = obj_of(header)
    value = decode_args(header, arrays, "value")
    return run_guarded(lambda: setattr(obj, header["name"], value))


def attributes_of(obj):
    """The instance's attributes: its __dict__ and its __slots__ (a class may use either)."""
    found = dict(getattr(obj, "__dict__", {}))
    for cls in type(obj).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            if slot not in ("__dict__", "__weakref__") and slot not in found:
                try:
                    found[slot] = getattr(obj, slot)
                except AttributeError:  # a slot never assigned
                    pass
    return found


def op_state(header, arrays):
    obj = obj_of(header)
    return run_guarded(lambda: attributes_of(obj))


OPS = {"load": op_load, "new": op_new, "call": op_call, "function": op_function, "get": op_get,
       "has": op_has, "set": op_set, "state": op_state}
OPAQUE_OPS = {"state"}  # objects inside the answer cross as type names only, never as handles


def reply(seq, ok, value, info, marker=handle_of):
    arrays = []
    try:
        encoded = proto.encode(value, arrays, handle_of=marker) if ok else value
    except proto.ProtocolError as exc:
        ok, encoded, arrays = False, {"type": "TypeError", "message": f"the value could not be sent back: {exc}", "line": None}, []
    header = {"seq": seq, "nonce": STATE["nonce"], "ok": ok, "value": encoded if ok else None,
              "error": None if ok else encoded, "info": info}
    proto.write_all(FD_OUT, proto.pack(header, arrays))


class CappedWriter:
    """sys.stdout/sys.stderr for attempt code: keeps the first `cap` characters of each
    request's output and drops the rest, so debug prints never fail a call (the parent reads
    the file for feedback). The cap is per request, so a flood in one call cannot hide the
    output of later ones."""

    def __init__(self, stream, cap=64 * 1024):
        self.stream, self.cap, self.left = stream, cap, cap

    def reset(self):
        self.left = self.cap

    def write(self, text):
        if self.left > 0:
            chunk = text[: self.left]
            self.left -= len(chunk)
            try:
                self.stream.write(chunk)
                self.stream.flush()
            except OSError:
                self.left = 0
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False


def remove_own_scratch():
    """The parent removes a worker's scratch folder (its cwd) when it closes it, but a spare can
    outlive a parent that exited without closing it (a pool process). Before `hello` nothing is
    confined yet and no attempt code has run, so the worker removes the folder itself."""
    import shutil

    here = os.getcwd()
    if os.path.basename(here).startswith("mlprep-worker-") and os.path.exists(os.path.join(here, ".stdout")):
        os.chdir("/")
        shutil.rmtree(here, ignore_errors=True)


# ---------------------------------------------------------------- the fork server

def serve_forks(control_fd):
    """The fork server (forkserver.py): returns only in a forked copy, set up as a worker
    started from scratch would be (spawn in processes.py)."""
    # What nearly every attempt imports lazily, imported once here instead of in each worker
    # (numpy.random alone is ~13 ms); the copy reseeds it.
    import numpy.random  # noqa: F401
    import types  # noqa: F401  (op_load)

    before = set(sys.modules)
    server = _load_by_path(FORKSERVER_PY, "_mlprep_forkserver")
    import socket

    # not in a worker started from scratch: gone from each copy, so an attempt's import of
    # socket is refused again
    added = set(sys.modules) - before
    message, fds = server.serve(socket.socket(fileno=control_fd), 3)
    become_worker(server, fds, os.fsdecode(message), added)


def become_worker(server, fds, tmpdir, server_modules):
    """In the forked copy (already in a session of its own, the server's socket closed): the
    channel on descriptors 3 and 4, output to the file, stdin from /dev/null and nothing else
    open; the scratch folder as cwd, HOME and TMPDIR; the server's modules gone; fresh random
    seeds, as a new process has."""
    global FD_IN, FD_OUT
    output = fds[2]
    FD_IN, FD_OUT = server.settle_descriptors(output, fds[:2])
    sys.argv[1:] = [str(FD_IN), str(FD_OUT), PROTOCOL_PATH]
    os.chdir(tmpdir)
    os.environ["HOME"] = os.environ["TMPDIR"] = tmpdir
    server.fresh_random_state()
    for name in server_modules:
        sys.modules.pop(name, None)


def main():
    sys.stdout = CappedWriter(sys.__stdout__)
    sys.stderr = CappedWriter(sys.__stderr__)
    try:
        header, _ = proto.read_frame_blocking(FD_IN)
    except EOFError:  # a spare whose parent went away before using it
        remove_own_scratch()
        os._exit(0)
    if header.get("op") != "hello":
        os._exit(3)
    STATE["nonce"] = header["nonce"]
    set_limits(header.get("limits", {}))
    level, why = (confine_self(header["tmpdir"], header.get("attempt_file")) if header.get("confine", True)
                  else ("basic", "confinement switched off by the caller"))
    install_audit_hook(header.get("deny_imports", []), header.get("protect", []), header["tmpdir"])
    keep_fp_events_on()
    reply(header.get("seq", 0), True, None, {"sandbox": level, "sandbox_detail": why})
    while True:
        try:
            header, arrays = proto.read_frame_blocking(FD_IN)
        except EOFError:
            os._exit(0)
        seq = header.get("seq")
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, CappedWriter):
                stream.reset()
        op = OPS.get(header.get("op"))
        if op is None:
            reply(seq, False, {"type": "ProtocolError", "message": "unknown op", "line": None}, {})
            continue
        try:
            ok, value, info = op(header, arrays)
        except BaseException as exc:  # a bug surfaced by attempt code; keep serving
            ok, value, info = False, describe_exception(exc), {}
        reply(seq, ok, value, info, opaque if header.get("op") in OPAQUE_OPS else handle_of)


if __name__ == "__main__":
    if ZYGOTE:
        serve_forks(int(sys.argv[3]))
    main()
