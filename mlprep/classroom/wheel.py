"""A wheel of the running mlprep, built from its own files, for the Gradescope autograder and the
GitHub Classroom workflow: whatever the teacher has (an installed wheel, an editable checkout), the
platform installs exactly the mlprep and the problems that graded the class here, with no build
tool and no network. The wheel is pure Python (`py3-none-any`); its dependencies (NumPy, typer,
rich, pytest) come from the package index when it is installed."""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import sys
import zipfile
from pathlib import Path

from .. import __version__
from ..catalog import PACKAGE_DIR, content_roots

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DIST = "mlprep-trainer"
STAMP = (1980, 1, 1, 0, 0, 0)  # the same bytes for the same files
SKIP = {"__pycache__"}


def _metadata() -> tuple[str, str, str, list[str], str]:
    """(name, version, summary, requirements, requires-python) of the installed distribution, or
    of the checkout's pyproject.toml when mlprep runs from a checkout without being installed."""
    try:
        dist = importlib.metadata.distribution(DIST)
        meta = dist.metadata
        requires = [r for r in (dist.requires or []) if "extra ==" not in r and "extra==" not in r]
        return meta["Name"], meta["Version"], meta.get("Summary", ""), requires, meta.get("Requires-Python", "")
    except importlib.metadata.PackageNotFoundError:
        project = tomllib.loads((PACKAGE_DIR.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        return (project["name"], project["version"], project.get("description", ""),
                list(project.get("dependencies", [])), project.get("requires-python", ""))


def wheel_name() -> str:
    name, version, *_ = _metadata()
    return f"{name.replace('-', '_')}-{version}-py3-none-any.whl"


def _files() -> list[tuple[str, Path]]:
    """(path inside the wheel, file here): the package, and the problems and references wherever
    they live (inside the package when installed, beside it in a checkout)."""
    problems, reference = content_roots()
    inside = {problems.resolve(), reference.resolve()}
    out = []

    def walk(folder: Path, prefix: str):
        for path in sorted(folder.iterdir()):
            if path.name in SKIP or path.suffix in (".pyc", ".pyo") or path.is_symlink():
                continue
            if path.is_dir():
                if path.resolve() in inside and prefix == "mlprep/":
                    continue  # added below under their own names
                walk(path, f"{prefix}{path.name}/")
            elif path.is_file():
                out.append((f"{prefix}{path.name}", path))

    walk(PACKAGE_DIR, "mlprep/")
    walk(problems, "mlprep/problems/")
    walk(reference, "mlprep/reference/")
    return out


def _hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build(dest: Path) -> Path:
    """Write the wheel into the folder `dest`; returns its path."""
    name, version, summary, requires, python = _metadata()
    if version != __version__:  # an editable install whose metadata is older than the code
        version = __version__
    dist_info = f"{name.replace('-', '_')}-{version}.dist-info"
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", f"Summary: {summary}"]
    if python:
        metadata.append(f"Requires-Python: {python}")
    metadata += [f"Requires-Dist: {r}" for r in requires]
    extra = {
        f"{dist_info}/METADATA": "\n".join(metadata) + "\n",
        f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: mlprep\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{dist_info}/entry_points.txt": "[console_scripts]\nmlprep = mlprep.cli:main\n",
    }
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    record = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        entries = [(arc, src.read_bytes()) for arc, src in _files()]
        entries += [(arc, text.encode("utf-8")) for arc, text in extra.items()]
        for arc, data in entries:
            info = zipfile.ZipInfo(arc, date_time=STAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
            record.append(f"{arc},{_hash(data)},{len(data)}")
        record.append(f"{dist_info}/RECORD,,")
        info = zipfile.ZipInfo(f"{dist_info}/RECORD", date_time=STAMP)
        info.external_attr = 0o644 << 16
        zf.writestr(info, "\n".join(record) + "\n")
    return path
