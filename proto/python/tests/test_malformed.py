"""Truncated, oversized and corrupted input is always a typed WireError; versioning rules."""

import copy
import random

import pytest

from arena_wire import (
    BINARY, JSON, EnvelopeCodec, Schema, Version, default_schema,
)
from arena_wire.buffer import Writer
from arena_wire.errors import (
    BadMagicError, FrameTooLargeError, InvalidOptionalTagError, InvalidUTF8Error, InvalidValueError,
    JSONDecodingError, LengthLimitError, MalformedVarintError, TrailingBytesError, TruncatedError,
    UnexpectedMessageTypeError, UnknownCodecError, UnknownMessageTypeError, UnsupportedMessageVersionError,
    UnsupportedProtocolVersionError, WireError,
)
from conftest import GOLDEN_METADATA, MESSAGE_NAMES, golden

FRAME_KINDS = ["frame.bin", "frame-json.bin"]


def reframe(codec, name, body, *, version=None, codec_id=BINARY, type_id=None):
    """A well-formed frame around ``body`` (bytes), whatever those bytes are."""
    spec = codec.schema.message(name)
    return codec.frame_body(type_id if type_id is not None else spec.id, version or spec.version,
                            GOLDEN_METADATA, body, codec_id)


def field_offset(codec, name, value, field):
    """The byte offset of ``field`` in the binary body of ``value``."""
    offset = 0
    for f in codec.schema.definition(name).fields:
        if f.name == field:
            return offset
        offset += len(codec.binary.encode(f.type, value[f.name]))
    raise KeyError(field)


def patched(data: bytes, offset: int, new: bytes, old_length: int = None) -> bytes:
    """``data`` with ``old_length`` bytes (default len(new)) at ``offset`` replaced by ``new``."""
    return data[:offset] + new + data[offset + (len(new) if old_length is None else old_length):]


def varint(n: int) -> bytes:
    w = Writer()
    w.varint(n)
    return bytes(w.buf)


# --- truncation ---------------------------------------------------------------

@pytest.mark.parametrize("kind", FRAME_KINDS)
@pytest.mark.parametrize("name", MESSAGE_NAMES)
def test_every_truncation_of_every_golden_frame_is_a_truncated_error(codec, name, kind):
    frame = golden(name, kind)
    for n in range(len(frame)):
        with pytest.raises(TruncatedError):
            codec.unframe(frame[:n])


@pytest.mark.parametrize("name", MESSAGE_NAMES)
def test_every_truncated_body_in_a_valid_envelope_is_a_typed_error(codec, name):
    body = golden(name, "body.bin")
    for n in range(len(body)):
        with pytest.raises(TruncatedError):
            codec.unframe(reframe(codec, name, body[:n]))
    body = golden(name, "body.json")
    for n in range(len(body)):
        with pytest.raises(JSONDecodingError):
            codec.unframe(reframe(codec, name, body[:n], codec_id=JSON))


def test_truncated_json_metadata_is_a_typed_error(codec):
    frame = golden("Trade", "frame-json.bin")
    meta_length = int.from_bytes(frame[10:14], "big")
    for n in range(meta_length):
        cut = frame[:10] + n.to_bytes(4, "big") + frame[14:14 + n] + frame[14 + meta_length:]
        with pytest.raises(JSONDecodingError):
            codec.unframe(cut)


# --- the envelope -------------------------------------------------------------

def test_bad_magic(codec):
    frame = golden("Trade", "frame.bin")
    for magic in (b"AB", b"\x00\x00", b"aa"):
        with pytest.raises(BadMagicError):
            codec.unframe(magic + frame[2:])


@pytest.mark.parametrize("major", [0, 2, 255])
def test_other_protocol_major_is_rejected(codec, major):
    frame = golden("Trade", "frame.bin")
    with pytest.raises(UnsupportedProtocolVersionError):
        codec.unframe(patched(frame, 2, bytes([major])))


def test_newer_protocol_minor_and_unknown_flags_are_accepted(codec):
    frame = patched(golden("Trade", "frame.bin"), 3, bytes([7, 0, 0xFF]))
    msg = codec.unframe(frame)
    assert msg.envelope.protocol == Version(1, 7) and msg.envelope.flags == 0xFF
    assert msg.body == codec.binary.decode("Trade", golden("Trade", "body.bin"))


@pytest.mark.parametrize("codec_id", [2, 3, 255])
def test_unknown_codec(codec, codec_id):
    with pytest.raises(UnknownCodecError):
        codec.unframe(patched(golden("Trade", "frame.bin"), 4, bytes([codec_id])))


def test_huge_and_over_limit_section_lengths(codec):
    frame = golden("Trade", "frame.bin")
    meta_length = int.from_bytes(frame[10:14], "big")
    body_at = 14 + meta_length
    for length, error in [(0xFFFFFFFF, LengthLimitError), (4097, LengthLimitError), (4096, TruncatedError)]:
        with pytest.raises(error):
            codec.unframe(patched(frame, 10, length.to_bytes(4, "big")))
    for length, error in [(0xFFFFFFFF, LengthLimitError), ((16 << 20) + 1, LengthLimitError), (1 << 20, TruncatedError)]:
        with pytest.raises(error):
            codec.unframe(patched(frame, body_at, length.to_bytes(4, "big")))


def test_frame_too_large():
    frame = golden("Trade", "frame.bin")
    with pytest.raises(FrameTooLargeError):
        EnvelopeCodec(max_frame_bytes=len(frame) - 1).unframe(frame)
    assert EnvelopeCodec(max_frame_bytes=len(frame)).unframe(frame).name == "Trade"


def test_trailing_bytes_after_the_body(codec):
    with pytest.raises(TrailingBytesError):
        codec.unframe(golden("Trade", "frame.bin") + b"\x00")


def test_trailing_bytes_inside_the_metadata(codec):
    frame = golden("Trade", "frame.bin")
    meta_length = int.from_bytes(frame[10:14], "big")
    grown = frame[:10] + (meta_length + 1).to_bytes(4, "big") + frame[14:14 + meta_length] + b"\x00" + frame[14 + meta_length:]
    with pytest.raises(TrailingBytesError):
        codec.unframe(grown)


def test_unknown_and_unexpected_message_types(codec):
    with pytest.raises(UnknownMessageTypeError):
        codec.unframe(patched(golden("Trade", "frame.bin"), 6, (999).to_bytes(2, "big")))
    with pytest.raises(UnexpectedMessageTypeError):
        codec.unframe(golden("Trade", "frame.bin"), expected="Bar")


def test_bad_optional_tag_in_metadata(codec):
    frame = golden("Trade", "frame.bin")
    # metadata: id.instance varint, id.sequence varint, then the correlation tag
    tag_at = 14 + len(varint(GOLDEN_METADATA["id"]["instance"])) + 1
    assert frame[tag_at] == 1
    with pytest.raises(InvalidOptionalTagError):
        codec.unframe(patched(frame, tag_at, b"\x02"))


# --- bodies -------------------------------------------------------------------

def body_value(codec, name):
    return codec.binary.decode(name, golden(name, "body.bin"))


def test_bad_optional_tag_in_body(codec):
    bar = body_value(codec, "Bar")
    at = field_offset(codec, "Bar", bar, "quoteVolume")
    body = golden("Bar", "body.bin")
    assert body[at] == 1
    for tag in (2, 0x80, 0xFF):
        with pytest.raises(InvalidOptionalTagError):
            codec.unframe(reframe(codec, "Bar", patched(body, at, bytes([tag]))))


def test_bad_bool(codec):
    body = golden("Bar", "body.bin")
    assert body[-1] == 1  # isClosed
    with pytest.raises(InvalidValueError):
        codec.unframe(reframe(codec, "Bar", body[:-1] + b"\x02"))


def test_invalid_utf8(codec):
    alert = body_value(codec, "Alert")
    at = field_offset(codec, "Alert", alert, "title") + 1  # past the one-byte length
    body = golden("Alert", "body.bin")
    for bad in (b"\xff", b"\xc0", b"\xed"):  # invalid byte, overlong lead, truncated surrogate
        with pytest.raises(InvalidUTF8Error):
            codec.unframe(reframe(codec, "Alert", patched(body, at, bad)))
    json_body = golden("Alert", "body.json").replace(b"Gap in", b"Gap\xffin")
    with pytest.raises(JSONDecodingError):
        codec.unframe(reframe(codec, "Alert", json_body, codec_id=JSON))


def test_huge_string_length(codec):
    body = golden("Heartbeat", "body.bin")  # starts with the service name: length 8, "features"
    assert body[0] == 8
    for length, error in [(1 << 40, LengthLimitError), ((1 << 20) + 1, LengthLimitError), (1000, TruncatedError)]:
        with pytest.raises(error):
            codec.unframe(reframe(codec, "Heartbeat", patched(body, 0, varint(length), 1)))


def test_huge_collection_count(codec):
    status = body_value(codec, "ServiceStatus")
    at = field_offset(codec, "ServiceStatus", status, "counters")
    body = golden("ServiceStatus", "body.bin")
    assert body[at] == 2
    for count, error in [(1 << 62, LengthLimitError), ((1 << 20) + 1, LengthLimitError), (1000, TruncatedError)]:
        with pytest.raises(error):
            codec.unframe(reframe(codec, "ServiceStatus", patched(body, at, varint(count), 1)))


def test_duplicate_map_key(codec):
    w = Writer()
    w.varint(2)
    for _ in range(2):
        w.blob(b"errors")
        w.zigzag(1)
    status = body_value(codec, "ServiceStatus")
    at = field_offset(codec, "ServiceStatus", status, "counters")
    body = golden("ServiceStatus", "body.bin")[:at] + bytes(w.buf)
    with pytest.raises(InvalidValueError):
        codec.unframe(reframe(codec, "ServiceStatus", body))


def test_malformed_varints(codec):
    trade = body_value(codec, "Trade")
    body = golden("Trade", "body.bin")
    at = field_offset(codec, "Trade", trade, "tradeID")
    old = len(codec.binary.encode("int64", trade["tradeID"]))
    for bad in (b"\xff" * 10 + b"\x01", b"\xff" * 9 + b"\x02", b"\x80" * 11):
        with pytest.raises(MalformedVarintError):
            codec.unframe(reframe(codec, "Trade", patched(body, at, bad, old)))
    at = field_offset(codec, "Trade", trade, "price")
    old = len(codec.binary.encode("decimal", trade["price"]))
    for bad in (b"\xff" * 18 + b"\x04", b"\x80" * 20):  # decimals are 128-bit: 19 bytes, last < 4
        with pytest.raises(MalformedVarintError):
            codec.unframe(reframe(codec, "Trade", patched(body, at, bad, old)))


@pytest.mark.parametrize("field, bad", [
    ("market", "SPOX"),         # not an enum case
    ("venue", "bin ance"),      # identifier with a space
    ("venue", ""),              # empty identifier
    ("symbol", "X" * 65),       # identifier too long
])
def test_invalid_enum_and_identifier_values(codec, field, bad):
    trade = body_value(codec, "Trade")
    w = Writer()
    w.blob(bad.encode())
    at = field_offset(codec, "Trade", trade, field)
    old = len(codec.binary.encode("string", trade[field]))
    body = patched(golden("Trade", "body.bin"), at, bytes(w.buf), old)
    with pytest.raises(InvalidValueError):
        codec.unframe(reframe(codec, "Trade", body))
    json_trade = codec.json.to_json(codec.schema.resolve("Trade"), trade)
    json_trade[field] = bad
    from arena_wire.jsoncodec import dumps
    with pytest.raises(JSONDecodingError):
        codec.unframe(reframe(codec, "Trade", dumps(json_trade), codec_id=JSON))


@pytest.mark.parametrize("text", [
    b'{"command":"STATUS"',                   # truncated
    b'{"command":"RESTART"}',                 # not a case
    b'{}',                                    # missing required key
    b'{"command":null}',                      # null for a required key
    b'{"command":1}',                         # wrong type
    b'[1]', b'NaN', b'', b'\xff',
])
def test_bad_json_bodies(codec, text):
    with pytest.raises(JSONDecodingError):
        codec.unframe(reframe(codec, "ControlRequest", text, codec_id=JSON))


@pytest.mark.parametrize("price", ["1.0000000000001", "1e40", "abc", " 1", "1_0", "NaN", "0x10", ""])
def test_bad_json_decimals(codec, price):
    trade = codec.json.to_json(codec.schema.resolve("Trade"), body_value(codec, "Trade"))
    trade["price"] = price
    from arena_wire.jsoncodec import dumps
    with pytest.raises(JSONDecodingError):
        codec.unframe(reframe(codec, "Trade", dumps(trade), codec_id=JSON))


@pytest.mark.parametrize("kind", FRAME_KINDS)
@pytest.mark.parametrize("name", MESSAGE_NAMES)
def test_random_corruption_never_escapes_as_another_exception(codec, name, kind):
    """Flipped, inserted and deleted bytes: decoding succeeds or raises a WireError, never anything else."""
    rng = random.Random(f"{name}/{kind}")
    frame = bytearray(golden(name, kind))
    for _ in range(300):
        mutated = bytearray(frame)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(mutated))
            op = rng.random()
            if op < 0.6:
                mutated[at] = rng.randrange(256)
            elif op < 0.8:
                mutated.insert(at, rng.randrange(256))
            else:
                del mutated[at]
        try:
            codec.unframe(bytes(mutated))
        except WireError:
            pass


# --- versioning ---------------------------------------------------------------

def schema_with(name="Heartbeat", version="1.2", extra=(("note", "optional<string>"), ("extra", "optional<int64>"))):
    """The repository schema with ``name`` at ``version`` and optional fields appended."""
    doc = copy.deepcopy(default_schema().document)
    doc["types"][name]["fields"] += [{"name": n, "type": t} for n, t in extra]
    for m in doc["messages"]:
        if m["name"] == name:
            m["version"] = version
    return Schema(doc)


@pytest.mark.parametrize("kind, codec_id", [("frame.bin", BINARY), ("frame-json.bin", JSON)])
def test_older_minor_lacks_trailing_optionals(codec, kind, codec_id):
    newer = EnvelopeCodec(schema_with())
    msg = newer.unframe(golden("Heartbeat", kind))  # written by 1.1, read by 1.2
    assert msg.envelope.version == Version(1, 1)
    assert msg.body == {**body_value(codec, "Heartbeat"), "note": None, "extra": None}


def test_older_minor_may_lack_only_optionals(codec):
    newer = EnvelopeCodec(schema_with())
    body = golden("Heartbeat", "body.bin")[:-1]  # the last 1.1 field cut in the middle
    with pytest.raises(TruncatedError):
        newer.unframe(reframe(codec, "Heartbeat", body, version=Version(1, 1)))


@pytest.mark.parametrize("codec_id", [BINARY, JSON])
def test_newer_minor_trailing_fields_are_ignored(codec, codec_id):
    newer = EnvelopeCodec(schema_with())
    heartbeat = body_value(codec, "Heartbeat")
    frame = newer.frame("Heartbeat", {**heartbeat, "note": "from 1.1", "extra": 5}, GOLDEN_METADATA, codec_id)
    msg = codec.unframe(frame)  # written by 1.2, read by 1.1
    assert msg.envelope.version == Version(1, 2)
    assert msg.body == heartbeat


def test_same_version_requires_exact_length(codec):
    body = golden("Heartbeat", "body.bin")
    with pytest.raises(TrailingBytesError):
        codec.unframe(reframe(codec, "Heartbeat", body + b"\x00"))
    newer = EnvelopeCodec(schema_with())
    with pytest.raises(TruncatedError):  # claims 1.2 but lacks the 1.2 fields
        newer.unframe(reframe(codec, "Heartbeat", body, version=Version(1, 2)))


@pytest.mark.parametrize("version", [Version(2, 0), Version(0, 9), Version(255, 0)])
def test_other_message_major_is_rejected(codec, version):
    for codec_id, suffix in [(BINARY, "body.bin"), (JSON, "body.json")]:
        frame = reframe(codec, "Heartbeat", golden("Heartbeat", suffix), version=version, codec_id=codec_id)
        with pytest.raises(UnsupportedMessageVersionError):
            codec.unframe(frame)
