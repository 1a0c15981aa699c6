"""`mlprep doctor`: what protection a grade gets on this machine, found by starting a real worker
(the kernel may offer Landlock and the worker still fail to apply it), with the reason."""

from __future__ import annotations

import platform
import sys
from dataclasses import asdict, dataclass

from . import host, sandbox
from .worker import Worker, WorkerFailure


@dataclass
class Diagnosis:
    sandbox: str  # "kernel" | "basic"
    detail: str  # what the worker applied, or why it could not
    kernel: str  # what the kernel offers (sandbox.describe)
    platform: str
    python: str
    numpy: str

    def to_dict(self) -> dict:
        return asdict(self)


def diagnose() -> Diagnosis:
    import numpy

    host.prepare()
    offered, why = sandbox.describe()
    worker = Worker(cpu_seconds=10, memory_bytes=2 * 1024 ** 3, protect=[])
    try:
        level, detail = worker.hello(20.0)
    except WorkerFailure as exc:
        level, detail = "basic", f"the worker did not start: {exc}"
    finally:
        worker.close()
    if level == "kernel":
        detail = why  # what the kernel's ABI covers, in words
    return Diagnosis(sandbox=level, detail=detail, kernel=f"{offered}: {why}",
                     platform=f"{platform.system()} {platform.release()} ({platform.machine()})",
                     python=sys.version.split()[0], numpy=numpy.__version__)
