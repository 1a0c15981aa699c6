"""Text and data that every output format can hold, whatever an attempt put in them. Pure
functions with no dependency, shared by the terminal (`ui`) and the teacher's files
(`classroom.outputs`)."""

from __future__ import annotations

import math
import re


def text_safe(text: str) -> str:
    """Text any UTF-8 output can hold: a lone surrogate (from an exception message) becomes a
    visible backslash escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def json_safe(value, depth: int = 0):
    """Data that json.dumps writes as strict JSON whatever an attempt put in it: non-finite numbers
    (an inf sentinel in a loss history) become null, lone surrogates in text (from an exception
    message) are written as backslash escapes, anything else unknown becomes its str()."""
    if depth > 50:
        return None
    if isinstance(value, str):
        return text_safe(value)
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {json_safe(str(k)): json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v, depth + 1) for v in value]
    try:
        number = float(value)  # NumPy scalars
    except (TypeError, ValueError):
        return json_safe(str(value))
    return number if math.isfinite(number) else None


# characters XML 1.0 cannot hold at all, even escaped: C0 controls but tab, newline and carriage
# return; lone surrogates; U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text) -> str:
    """Text an XML 1.0 document can hold: characters it cannot are written as \\xNN or \\uNNNN."""
    text = "" if text is None else str(text)
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)
