"""Frames exchanged between the grader (parent) and the worker that runs an attempt.

A frame is a 4-byte big-endian header length, a JSON header, then the `.npy` payloads whose
byte lengths the header lists under "arrays". Only plain data crosses: JSON values and NumPy
arrays saved without pickle. This module is loaded by path inside the worker, so it imports
nothing from mlprep and nothing but the standard library and NumPy.

Encoding of values inside a header:
    None, bool, int, float, str      themselves
    list                             a JSON list
    tuple                            {"$t": [...]}
    dict with str keys               {"$d": {...}}
    ndarray                          {"$a": index into the payloads}
    a remote object                  {"$h": handle, "type": class name, "methods": [names]}
                                                                          (worker -> parent only)
    a bound method                   {"$m": name}                          (worker -> parent only)
    anything else                    {"$o": type name}                     (opaque, not data)
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import struct

import numpy as np

MAX_HEADER = 16 * 1024 * 1024  # bytes of JSON in one frame
MAX_ARRAY = 256 * 1024 * 1024  # bytes of one .npy payload
MAX_FRAME = 512 * 1024 * 1024  # bytes of all payloads of one frame
MAX_DEPTH = 32  # nesting of lists/dicts


class ProtocolError(Exception):
    """A frame that is malformed, too large, or arrived out of sequence."""


def encode(value, arrays: list, *, handle_of=None, depth: int = 0):
    """Turn `value` into JSON-able data, appending arrays to `arrays`.

    `handle_of(obj)` (worker side) returns a marker for objects that are not data.
    """
    if depth > MAX_DEPTH:
        raise ProtocolError("value nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject or value.dtype.names is not None:
            return {"$o": f"ndarray of dtype {value.dtype}"}
        arrays.append(np.ascontiguousarray(value).view(np.ndarray))
        return {"$a": len(arrays) - 1}
    if isinstance(value, np.generic):
        return encode(value.item(), arrays, handle_of=handle_of, depth=depth + 1)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if type(value) is list:
        return [encode(v, arrays, handle_of=handle_of, depth=depth + 1) for v in value]
    if type(value) is tuple:
        return {"$t": [encode(v, arrays, handle_of=handle_of, depth=depth + 1) for v in value]}
    if type(value) is dict and all(type(k) is str for k in value):
        return {"$d": {k: encode(v, arrays, handle_of=handle_of, depth=depth + 1) for k, v in value.items()}}
    if handle_of is not None:
        return handle_of(value)
    raise ProtocolError(f"cannot send a value of type {type(value).__name__}")


def decode(value, arrays: list, *, marker=None, depth: int = 0):
    """Inverse of `encode`. `marker(dict)` resolves $h/$m/$o markers (parent side)."""
    if depth > MAX_DEPTH:
        raise ProtocolError("value nested too deeply")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [decode(v, arrays, marker=marker, depth=depth + 1) for v in value]
    if isinstance(value, dict) and len(value) >= 1:
        if "$a" in value:
            index = value["$a"]
            if not isinstance(index, int) or not 0 <= index < len(arrays):
                raise ProtocolError("array reference out of range")
            return arrays[index]
        if "$t" in value and isinstance(value["$t"], list):
            return tuple(decode(v, arrays, marker=marker, depth=depth + 1) for v in value["$t"])
        if "$d" in value and isinstance(value["$d"], dict):
            return {k: decode(v, arrays, marker=marker, depth=depth + 1) for k, v in value["$d"].items()}
        if marker is not None and ("$h" in value or "$m" in value or "$o" in value):
            return marker(value)
    raise ProtocolError("malformed value in frame")


def pack(header: dict, arrays: list) -> bytes:
    """Serialise one frame."""
    blobs = []
    for a in arrays:
        buf = io.BytesIO()
        np.save(buf, a, allow_pickle=False)
        blobs.append(buf.getvalue())
    header = dict(header, arrays=[len(b) for b in blobs])
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    return struct.pack(">I", len(raw)) + raw + b"".join(blobs)


def unpack_header(raw: bytes) -> dict:
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(f"header is not JSON: {exc}") from None
    if not isinstance(header, dict):
        raise ProtocolError("header is not an object")
    sizes = header.get("arrays", [])
    if not isinstance(sizes, list) or not all(isinstance(s, int) and 0 <= s <= MAX_ARRAY for s in sizes):
        raise ProtocolError("bad payload sizes")
    if sum(sizes) > MAX_FRAME:
        raise ProtocolError("frame too large")
    return header


# The header np.save writes for a plain dtype (version 1.0 or 2.0): read with a regular
# expression instead of np.load, which parses it with ast.literal_eval (about 30 µs an array,
# a grade sends hundreds). Anything else (structured dtypes, other versions) goes to np.load.
NPY_MAGIC = b"\x93NUMPY"
NPY_HEADER = re.compile(r"\{'descr': '([<>|=]?[a-zA-Z]\d*)', 'fortran_order': (True|False), "
                        r"'shape': \(((?:\d+, ?)*\d*)\), \} *\n")


def load_array(blob: bytes) -> np.ndarray:
    try:
        fast = _load_plain_array(blob)
        return fast if fast is not None else np.load(io.BytesIO(blob), allow_pickle=False)
    except ProtocolError:
        raise
    except Exception as exc:  # any malformed payload is a protocol failure
        raise ProtocolError(f"bad array payload: {exc}") from None


def _load_plain_array(blob: bytes) -> np.ndarray | None:
    """The array of a .npy payload with a plain dtype, a writable copy as np.load gives; None when
    the header is not the plain kind."""
    if blob[:6] != NPY_MAGIC or blob[6:8] not in (b"\x01\x00", b"\x02\x00"):
        return None
    size_bytes = 2 if blob[6] == 1 else 4
    start = 8 + size_bytes
    length = int.from_bytes(blob[8:start], "little")
    match = NPY_HEADER.fullmatch(blob[start:start + length].decode("latin1"))
    if match is None:
        return None
    dtype = np.dtype(match.group(1))
    if dtype.hasobject:
        raise ProtocolError("bad array payload: object arrays are not data")
    shape = tuple(int(n) for n in match.group(3).replace(" ", "").split(",") if n)
    data = blob[start + length:]
    if len(data) != dtype.itemsize * math.prod(shape):
        raise ProtocolError("bad array payload: its size does not match its shape")
    order = "F" if match.group(2) == "True" else "C"
    return np.frombuffer(bytearray(data), dtype=dtype).reshape(shape, order=order)


def header_length(prefix: bytes) -> int:
    (n,) = struct.unpack(">I", prefix)
    if n > MAX_HEADER:
        raise ProtocolError("header too large")
    return n


def read_exact_blocking(fd: int, n: int) -> bytes:
    """Read exactly n bytes from a blocking fd (worker side); b'' on EOF at start."""
    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError("pipe closed")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame_blocking(fd: int):
    """Read one frame from a blocking fd (worker side) -> (header, arrays)."""
    n = header_length(read_exact_blocking(fd, 4))
    header = unpack_header(read_exact_blocking(fd, n))
    arrays = [load_array(read_exact_blocking(fd, size)) for size in header["arrays"]]
    return header, arrays


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
