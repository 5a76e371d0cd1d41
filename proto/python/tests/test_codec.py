"""Type expressions, every primitive and container, edge values, limits."""

import math
import uuid
from decimal import Decimal

import pytest

from arena_wire import BinaryCodec, JSONCodec, Limits, Schema, parse_type
from arena_wire.errors import (
    EncodingError, InvalidValueError, JSONDecodingError, NestingTooDeepError, SchemaError, TruncatedError, WireError,
)
from arena_wire.schema import ArrayOf, MapOf, Named, OptionalOf, Primitive, SetOf

ALL_TYPES = {
    "envelope": {"codecs": {"binary": 0, "json": 1}, "header_bytes": 10, "magic": "AA", "major": 1,
                 "max_metadata_bytes": 4096, "metadata": "Meta", "minor": 0},
    "messages": [{"id": 1, "name": "Everything", "type": "Everything", "version": "1.0"}],
    "types": {
        "Meta": {"kind": "struct", "fields": [{"name": "n", "type": "uint64"}]},
        "Color": {"kind": "enum", "cases": ["RED", "GREEN"]},
        "Name": {"kind": "alias", "type": "string", "note": "validated identifier: 1–8 bytes of [a-z]"},
        "Point": {"kind": "struct", "fields": [{"name": "x", "type": "int32"}, {"name": "y", "type": "optional<int32>"}]},
        "Everything": {"kind": "struct", "fields": [
            {"name": n, "type": t} for n, t in [
                ("b", "bool"), ("i8", "int8"), ("i16", "int16"), ("i32", "int32"), ("i64", "int64"),
                ("u8", "uint8"), ("u16", "uint16"), ("u32", "uint32"), ("u64", "uint64"),
                ("f32", "float32"), ("f64", "float64"), ("s", "string"), ("blob", "bytes"), ("d", "decimal"),
                ("t", "timestamp"), ("date", "date"), ("id", "uuid"), ("color", "Color"), ("name", "Name"),
                ("points", "array<Point>"), ("tags", "set<string>"), ("scores", "map<string,optional<int64>>"),
                ("byName", "map<Name,array<Color>>"), ("maybe", "optional<optional<string>>"),
            ]
        ]},
    },
}

EVERYTHING = {
    "b": True, "i8": -128, "i16": -32768, "i32": 2**31 - 1, "i64": -(2**63), "u8": 255, "u16": 65535,
    "u32": 2**32 - 1, "u64": 2**64 - 1, "f32": 1.5, "f64": -0.1, "s": "héllo ✓", "blob": b"\x00\xff",
    "d": Decimal("-170141183460469231731687303.715884105728"), "t": 2**63 - 1, "date": 7.25,
    "id": uuid.UUID("12345678-9abc-def0-1234-56789abcdef0"), "color": "GREEN", "name": "abc",
    "points": [{"x": 1, "y": None}, {"x": -1, "y": 7}], "tags": frozenset({"zz", "aaa"}),
    "scores": {"b": None, "a": 3}, "byName": {"q": ["RED"], "p": []}, "maybe": "x",
}


@pytest.fixture(scope="module")
def schema():
    return Schema(ALL_TYPES)


def test_parse_type_expressions():
    assert parse_type("optional<map<string,int64>>") == OptionalOf(MapOf(Primitive("string"), Primitive("int64")))
    assert parse_type("map< Symbol , array<set<ControlRequest.Command>> >") == MapOf(
        Named("Symbol"), ArrayOf(SetOf(Named("ControlRequest.Command"))))
    for bad in ["", "map<string>", "optional", "optional<int64", "array<int64>>", "int64<string>", "map<a,b,c>"]:
        with pytest.raises(SchemaError):
            parse_type(bad)


def test_schema_rejects_dangling_references():
    doc = {**ALL_TYPES, "types": {**ALL_TYPES["types"], "Point": {"kind": "struct", "fields": [
        {"name": "x", "type": "Missing"}]}}}
    with pytest.raises(SchemaError):
        Schema(doc)


def test_repository_schema_identifier_rule():
    from arena_wire import default_schema
    rule = default_schema().definition("Symbol").rule
    assert rule.problem("BTCUSDT") is None
    assert rule.problem("") and rule.problem("a b") and rule.problem("x" * 65) and rule.problem("é")


@pytest.mark.parametrize("codec_type", [BinaryCodec, JSONCodec])
def test_everything_round_trips(schema, codec_type):
    codec = codec_type(schema)
    assert codec.decode("Everything", codec.encode("Everything", EVERYTHING)) == EVERYTHING


def test_binary_layout_of_primitives(schema):
    c = BinaryCodec(schema)
    assert c.encode("int64", 0) == b"\x00"
    assert c.encode("int64", -1) == b"\x01"
    assert c.encode("int64", 1) == b"\x02"
    assert c.encode("int64", -(2**63)) == b"\xff" * 9 + b"\x01"
    assert c.encode("uint64", 300) == b"\xac\x02"
    assert c.encode("int8", -1) == b"\xff"
    assert c.encode("float32", 1.0) == b"\x00\x00\x80\x3f"
    assert c.encode("float64", 1.0) == b"\x00" * 6 + b"\xf0\x3f"
    assert c.encode("decimal", Decimal("1")) == c.encode("timestamp", 10**12)
    assert c.encode("decimal", "-0.000000000001") == b"\x01"
    assert c.encode("optional<bool>", None) == b"\x00"
    assert c.encode("optional<bool>", False) == b"\x01\x00"
    assert c.encode("uuid", uuid.UUID(int=1)) == b"\x00" * 15 + b"\x01"
    assert c.encode("string", "é") == b"\x02\xc3\xa9"


def test_sets_and_maps_are_sorted_by_encoded_bytes(schema):
    c = BinaryCodec(schema)
    # "zz" (02 7a 7a) sorts before "aaa" (03 61 61 61): the length prefix counts.
    assert c.encode("set<string>", {"aaa", "zz"}) == b"\x02\x02zz\x03aaa"
    assert c.encode("map<string,bool>", {"aaa": True, "zz": False}) == b"\x02\x02zz\x00\x03aaa\x01"
    assert c.encode("map<int64,bool>", {-1: True, 1: False, 0: True}) == b"\x03\x00\x01\x01\x01\x02\x00"
    # any order is accepted on decode
    assert c.decode("map<string,bool>", b"\x02\x03aaa\x01\x02zz\x00") == {"aaa": True, "zz": False}


@pytest.mark.parametrize("expr, data", [
    ("uint16", b"\x80\x80\x04"),          # 65536
    ("uint32", b"\x80\x80\x80\x80\x10"),  # 2**32
    ("int16", b"\x80\x80\x04"),           # 32768 zig-zagged
    ("int32", b"\x80\x80\x80\x80\x10"),
])
def test_out_of_range_integers(schema, expr, data):
    with pytest.raises(InvalidValueError):
        BinaryCodec(schema).decode(expr, data)


@pytest.mark.parametrize("expr, value", [
    ("uint8", 256), ("int8", -129), ("uint64", -1), ("uint64", 2**64), ("int64", 2**63), ("int64", True),
    ("bool", 1), ("string", b"x"), ("decimal", 0.1), ("decimal", Decimal("1e-13")), ("decimal", Decimal(2**127)),
    ("decimal", Decimal("NaN")), ("float32", 1e39), ("Color", "BLUE"), ("Name", "ABC"), ("Point", {"y": 1}),
    ("Point", {"x": 1, "z": 2}), ("set<string>", ["a", "a"]), ("uuid", "not a uuid"), ("array<int64>", "abc"),
])
def test_values_that_cannot_be_encoded(schema, expr, value):
    with pytest.raises(EncodingError):
        BinaryCodec(schema).encode(expr, value)


def test_decimal_extremes_are_exact(schema):
    from arena_wire import decimals
    c = BinaryCodec(schema)
    for raw in (-(2**127), 2**127 - 1, 1, -1, 0, 10**12, 123456789):
        value = c.decode("decimal", c.encode("decimal", f"{raw}e-12"))
        assert decimals.to_raw(value) == raw
        assert c.decode("decimal", c.encode("decimal", value)) == value
    assert c.encode("decimal", "-170141183460469231731687303.715884105728") == b"\xff" * 18 + b"\x03"
    assert decimals.text_from_raw(123456789) == "0.000123456789"
    assert c.decode("decimal", c.encode("decimal", "1.5e3")) == Decimal(1500)


def test_nesting_limit(schema):
    c = BinaryCodec(schema, Limits(max_depth=2))
    assert c.decode("optional<int64>", b"\x01\x02") == 1
    with pytest.raises(NestingTooDeepError):
        c.decode("optional<optional<optional<int64>>>", b"\x01\x01\x01\x02")


def test_json_non_finite_floats_and_shapes(schema):
    c = JSONCodec(schema)
    assert c.encode("array<float64>", [math.inf, -math.inf, 0.5]) == b'["inf","-inf",0.5]'
    assert math.isnan(c.decode("float64", b'"nan"'))
    assert c.encode("float32", 0.1) == b"0.1"
    assert c.encode("map<Name,bool>", {"a": True}) == b'["a",true]'
    assert c.encode("map<int64,bool>", {5: True}) == b'{"5":true}'
    assert c.encode("bytes", b"\x00\xff") == b'"AP8="'
    assert c.encode("decimal", Decimal("-0.50")) == b'"-0.5"'
    assert c.decode("decimal", b"3") == Decimal(3)
    with pytest.raises(JSONDecodingError):
        c.decode("map<int64,bool>", b'{"x":true}')


def test_every_decode_error_is_a_wire_error(schema):
    c = BinaryCodec(schema)
    good = c.encode("Everything", EVERYTHING)
    for n in range(len(good)):
        with pytest.raises(TruncatedError):
            c.decode("Everything", good[:n])
    for i in range(len(good)):
        for b in (0x00, 0x02, 0x7F, 0x80, 0xFF):
            try:
                c.decode("Everything", good[:i] + bytes([b]) + good[i + 1:])
            except WireError:
                pass


def test_json_strings_and_key_order_match_swift_jsonwriter(schema):
    """swift-foundation's JSONWriter (Linux): keys sorted by UTF-8 bytes; escapes ", \\, \\b \\f \\n \\r \\t,
    other controls as lower-case \\u00xx; "/" (withoutEscapingSlashes), DEL and non-ASCII as is."""
    c = JSONCodec(schema)
    assert c.encode("string", 'a"\\/\b\f\n\r\t\x01\x1f\x7fé') == b'"a\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\xc3\xa9"'
    assert c.encode("map<string,bool>", {"b": True, "B": True, "a10": True, "a9": True, "é": True}) == \
        '{"B":true,"a10":true,"a9":true,"b":true,"é":true}'.encode()
