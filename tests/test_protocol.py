"""The worker protocol moves only plain data and rejects malformed frames."""

import struct

import numpy as np
import pytest

from mlprep.grading import protocol as proto


def roundtrip(value):
    arrays = []
    header = {"value": proto.encode(value, arrays)}
    frame = proto.pack(header, arrays)
    n = proto.header_length(frame[:4])
    parsed = proto.unpack_header(frame[4:4 + n])
    blobs, pos = [], 4 + n
    for size in parsed["arrays"]:
        blobs.append(proto.load_array(frame[pos:pos + size]))
        pos += size
    return proto.decode(parsed["value"], blobs)


def test_plain_values_round_trip():
    value = {"a": [1, 2.5, None, True, "x"], "t": (1, 2), "w": np.arange(6.0).reshape(2, 3)}
    back = roundtrip(value)
    assert back["a"] == [1, 2.5, None, True, "x"]
    assert back["t"] == (1, 2)
    np.testing.assert_array_equal(back["w"], value["w"])


def test_numpy_scalars_become_python_numbers():
    assert roundtrip(np.float64(1.5)) == 1.5
    assert roundtrip(np.int64(3)) == 3
    assert roundtrip(np.bool_(True)) is True


def test_object_arrays_are_not_data():
    arrays = []
    assert "$o" in proto.encode(np.array([1, "a"], dtype=object), arrays)
    assert arrays == []


def test_unknown_objects_cannot_be_sent_without_a_marker():
    with pytest.raises(proto.ProtocolError):
        proto.encode(object(), [])


def test_oversized_header_is_rejected():
    with pytest.raises(proto.ProtocolError):
        proto.header_length(struct.pack(">I", proto.MAX_HEADER + 1))


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'{"arrays": [-1]}', b'{"arrays": "x"}'])
def test_malformed_headers_are_rejected(raw):
    with pytest.raises(proto.ProtocolError):
        proto.unpack_header(raw)


def test_pickled_payloads_are_refused():
    import io

    buf = io.BytesIO()
    np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(proto.ProtocolError):
        proto.load_array(buf.getvalue())


def test_array_reference_out_of_range_is_rejected():
    with pytest.raises(proto.ProtocolError):
        proto.decode({"$a": 3}, [])
