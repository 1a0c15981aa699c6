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


@pytest.mark.parametrize("array", [
    np.random.default_rng(0).normal(size=(200, 5)), np.arange(7), np.array(3.5), np.zeros((0, 3)),
    np.asfortranarray(np.arange(12.0).reshape(4, 3)), np.array(["ab", "c"]), np.array([True, False]),
    np.array([1 + 2j]), np.zeros((2, 3), dtype=np.float32), np.array([1, 2], dtype=">i4"),
    np.array(["2020-01-01"], dtype="M8[D]"), np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")]),
], ids=lambda a: f"{a.dtype}{a.shape}")
def test_arrays_arrive_as_np_load_gives_them(array):
    """The payload reader's own .npy header parser (np.load's literal_eval is slow) gives what np.load
    gives: dtype, shape, values, memory order, and a writable array (an attempt may change its input)."""
    import io

    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    got, expected = proto.load_array(buf.getvalue()), np.load(io.BytesIO(buf.getvalue()), allow_pickle=False)
    assert got.dtype == expected.dtype and got.shape == expected.shape and np.array_equal(got, expected)
    assert got.flags.f_contiguous == expected.flags.f_contiguous and got.flags.writeable


@pytest.mark.parametrize("damage", ["short", "long", "object"])
def test_an_array_whose_payload_does_not_match_its_header_is_refused(damage):
    import io

    buf = io.BytesIO()
    np.save(buf, np.arange(6.0), allow_pickle=False)
    blob = buf.getvalue()
    blob = {"short": blob[:-8], "long": blob + b"\0" * 8, "object": blob.replace(b"'<f8'", b"'|O8'")}[damage]
    with pytest.raises(proto.ProtocolError):
        proto.load_array(blob)
