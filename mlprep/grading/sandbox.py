"""Kernel confinement of the worker: Landlock plus no_new_privs, applied by the worker to itself
before it runs any attempt code.

Loaded by path in the worker (which imports nothing from mlprep) and imported by the parent for
`mlprep doctor`, so it depends on the standard library only.

Why a module of our own over the three syscalls rather than a binding from the package index:
the bindings there (`landlock`, `py-landlock`, `landlockpy`) are months old with few users, and
the grader needs exactly one fixed policy whose every bit we can name and test; the whole of it is
about a hundred lines of ctypes over `landlock_create_ruleset`, `landlock_add_rule` and
`landlock_restrict_self`, whose numbers are the same on every Linux architecture.

The policy (each right the running ABI knows is "handled", so anything not granted is denied):
    read           the standard library (not its site-packages), NumPy and its bundled libraries,
                   the shared objects already mapped, the system library folders, the attempt file
    read + write   the worker's scratch folder: plain files only (no folders, links, sockets)
    nothing        the workspace, the home folder, the reference and hidden tests, mlprep itself,
                   executing any program (no EXECUTE right anywhere), TCP bind and connect (ABI 4+)
    scoped         signals and abstract Unix sockets reach only the worker's own domain (ABI 6+)
"""

from __future__ import annotations

import ctypes
import os
import sys

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1 << 0
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

# filesystem rights, by the ABI that introduced them
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1, 5: (1 << 16) - 1}
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV  # the rights a rule on a file may hold
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

READ = READ_FILE | READ_DIR
SCRATCH = READ_FILE | READ_DIR | WRITE_FILE | REMOVE_FILE | MAKE_REG | TRUNCATE


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # the kernel's struct is packed: 12 bytes
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class Unavailable(Exception):
    """Landlock cannot be used here; the message says why."""


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def abi_version() -> int:
    """The running kernel's Landlock ABI, or raise Unavailable with the reason."""
    if not sys.platform.startswith("linux"):
        raise Unavailable(f"Landlock is a Linux feature; this is {sys.platform}")
    libc = _libc()
    abi = libc.syscall(SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    if abi < 0:
        err = ctypes.get_errno()
        why = {38: "the kernel has no Landlock (before 5.13, or built without it)",
               95: "Landlock is built in but switched off (add it to the kernel's lsm= list)"}
        raise Unavailable(why.get(err, f"landlock_create_ruleset failed: {os.strerror(err)}"))
    return int(abi)


def describe() -> tuple[str, str]:
    """("kernel" | "basic", why): the protection a grade gets on this machine."""
    try:
        abi = abi_version()
    except Unavailable as exc:
        return "basic", f"{exc}: attempts run with resource limits and an in-process audit hook only"
    extras = []
    extras.append("TCP denied" if abi >= 4 else "TCP not restricted (ABI < 4)")
    extras.append("signals scoped" if abi >= 6 else "signals not scoped (ABI < 6)")
    return "kernel", f"Landlock ABI {abi}: files, execution, {', '.join(extras)}; no_new_privs"


def _system_library_dirs() -> list[str]:
    """Folders of shared libraries that hold no Python packages (lazy dlopen, e.g. of libz)."""
    multiarch = getattr(sys.implementation, "_multiarch", None)
    dirs = ["/lib64", "/usr/lib64"]
    if multiarch:
        dirs += [f"/lib/{multiarch}", f"/usr/lib/{multiarch}"]
    return dirs


def _mapped_files() -> list[str]:
    """Files already mapped into this process (libpython, libc, OpenBLAS...): granted one by one,
    since their folder may also hold site-packages."""
    found = []
    try:
        with open("/proc/self/maps") as fh:
            for line in fh:
                parts = line.split(None, 5)
                if len(parts) == 6 and parts[5].startswith("/"):
                    path = parts[5].strip()
                    if path not in found and os.path.isfile(path):
                        found.append(path)
    except OSError:
        pass
    return found


def _stdlib_entries() -> list[str]:
    """The standard library's folder, entry by entry, leaving out site-packages (where mlprep
    and every other installed package may live)."""
    root = os.path.dirname(os.path.abspath(os.__file__))
    return [os.path.join(root, name) for name in sorted(os.listdir(root))
            if name not in ("site-packages", "dist-packages")]


def read_paths(extra_packages=()) -> list[str]:
    """Everything the worker may read: the interpreter's and NumPy's needs."""
    paths = _stdlib_entries() + _mapped_files() + _system_library_dirs()
    for module in extra_packages:
        folder = os.path.dirname(os.path.abspath(module.__file__))
        paths.append(folder)
        bundled = folder + ".libs"  # wheels bundle OpenBLAS and libgfortran beside the package
        if os.path.isdir(bundled):
            paths.append(bundled)
    paths += ["/etc/ld.so.cache", "/etc/localtime", "/dev/null", "/dev/urandom", "/dev/zero"]
    return paths


def confine(*, read: list[str], scratch: str, attempt_file: str | None = None) -> int:
    """Confine this process (and any child it may start) for good. Returns the ABI used; raises
    Unavailable when Landlock is missing (the caller falls back to basic measures)."""
    abi = abi_version()
    libc = _libc()
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise Unavailable(f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}")
    handled_fs = FS_BY_ABI.get(abi, FS_BY_ABI[5])
    attr = _RulesetAttr(handled_access_fs=handled_fs,
                        handled_access_net=(NET_BIND_TCP | NET_CONNECT_TCP) if abi >= 4 else 0,
                        scoped=(SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL) if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8  # older kernels refuse fields they do not know
    ruleset = libc.syscall(SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise Unavailable(f"landlock_create_ruleset failed: {os.strerror(ctypes.get_errno())}")
    try:
        rules = [(p, READ) for p in read] + [(scratch, SCRATCH)]
        if attempt_file:
            rules.append((attempt_file, READ_FILE))
        for path, rights in rules:
            _allow(libc, ruleset, path, rights & handled_fs)
        if libc.syscall(SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise Unavailable(f"landlock_restrict_self failed: {os.strerror(ctypes.get_errno())}")
    finally:
        os.close(ruleset)
    return abi


def _allow(libc, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:  # a path this machine does not have
        return
    try:
        if not os.path.isdir(path):
            rights &= FILE_RIGHTS
        rule = _PathBeneathAttr(allowed_access=rights, parent_fd=fd)
        if libc.syscall(SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(RULE_PATH_BENEATH),
                        ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
            raise Unavailable(f"landlock_add_rule({path}) failed: {os.strerror(ctypes.get_errno())}")
    finally:
        os.close(fd)
