"""What the benchmark modules share: loading a problem's reference by path (trusted code)."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def reference(slug: str):
    """reference/<slug>/solution.py as a module (loaded once)."""
    path = ROOT / "reference" / slug / "solution.py"
    spec = importlib.util.spec_from_file_location(f"{slug.replace('-', '_')}_reference_for_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
