"""The positional binary codec, driven by the schema.

Values are plain Python: structs are dicts keyed by field name (every field
present, absent optionals as None), enums and identifiers are ``str``,
decimals ``decimal.Decimal``, timestamps ``int`` nanoseconds since the Unix
epoch, dates ``float`` seconds since 2001-01-01, uuids ``uuid.UUID``, bytes
``bytes``, arrays ``list``, sets ``frozenset`` and maps ``dict`` (a list of
``(key, value)`` pairs / a list when the elements are not hashable).

Wire format (see ``Sources/Platform/ArenaWire/Binary``): unsigned integers are LEB128
varints, signed ones zig-zag first; floats are IEEE-754 little-endian;
strings and bytes are a varint length then the bytes; optionals a presence
byte 0/1; arrays, sets and maps a varint count, sets and maps sorted by the
encoded bytes of the element / key; structs are their fields in order.
"""

from __future__ import annotations

import math
import struct
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Dict, NamedTuple, Optional, Union

from . import decimals
from .buffer import Reader, Writer
from .errors import (
    EncodingError, InvalidOptionalTagError, InvalidValueError, NestingTooDeepError, SchemaError, TrailingBytesError,
)
from .schema import (
    AliasDef, ArrayOf, EnumDef, MapOf, Named, OptionalOf, Primitive, Schema, SetOf, StructDef, TypeExpr,
    default_schema,
)


@dataclass(frozen=True)
class Limits:
    """Bounds on untrusted input; the defaults are Swift's ``BinaryLimits.default``."""
    max_string_bytes: int = 1 << 20
    max_blob_bytes: int = 16 << 20
    max_collection_count: int = 1 << 20
    max_depth: int = 64


# --- primitives -------------------------------------------------------------

class PrimitiveCodec(NamedTuple):
    """How one primitive is written (from a checked Python value) and read."""
    write: Callable[[Writer, Any], None]
    read: Callable[[Reader, Limits], Any]


def _require(ok: bool, what: str, value: Any) -> None:
    if not ok:
        raise EncodingError(f"expected {what}, got {value!r:.80}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


#: The range of every integer primitive (timestamps are int64 nanoseconds).
INTEGER_RANGES: Dict[str, tuple] = {
    **{f"int{n}": (-(1 << (n - 1)), (1 << (n - 1)) - 1) for n in (8, 16, 32, 64)},
    **{f"uint{n}": (0, (1 << n) - 1) for n in (8, 16, 32, 64)},
    "timestamp": (-(1 << 63), (1 << 63) - 1),
}


def check_integer(name: str, value: Any, error: type = EncodingError) -> int:
    """``value`` if it is an int (not a bool) in the range of ``name``; raises ``error`` otherwise."""
    lo, hi = INTEGER_RANGES[name]
    if not (_is_int(value) and lo <= value <= hi):
        raise error(f"expected {name}, got {value!r:.80}")
    return value


def _integer(name: str) -> PrimitiveCodec:
    """int16..int64 and timestamp as zig-zag varints, uint16..uint64 as varints; range-checked both ways."""
    signed = not name.startswith("u")

    def write(w: Writer, v: Any) -> None:
        check_integer(name, v)
        w.zigzag(v) if signed else w.varint(v)

    def read(r: Reader, limits: Limits) -> int:
        at = r.offset
        v = r.read_zigzag() if signed else r.read_varint()
        lo, hi = INTEGER_RANGES[name]
        if not lo <= v <= hi:
            raise InvalidValueError(f"{v} at byte {at} does not fit in {name}")
        return v

    return PrimitiveCodec(write, read)


def _byte_integer(signed: bool) -> PrimitiveCodec:
    """int8/uint8: one raw byte (two's complement for int8)."""

    def write(w: Writer, v: Any) -> None:
        w.byte(check_integer("int8" if signed else "uint8", v) & 0xFF)

    def read(r: Reader, limits: Limits) -> int:
        b = r.read_byte()
        return b - 256 if signed and b > 127 else b

    return PrimitiveCodec(write, read)


def _float(fmt: str) -> PrimitiveCodec:
    """float32/float64 (and date) as IEEE-754 little-endian."""
    packer = struct.Struct(fmt)

    def write(w: Writer, v: Any) -> None:
        _require(isinstance(v, (int, float)) and not isinstance(v, bool), "a number", v)
        try:
            w.raw(packer.pack(v))
        except (OverflowError, struct.error):
            raise EncodingError(f"{v!r} does not fit in {packer.size * 8}-bit float") from None

    return PrimitiveCodec(write, lambda r, limits: packer.unpack(r.read_exact(packer.size))[0])


def _write_bool(w: Writer, v: Any) -> None:
    _require(isinstance(v, bool), "a bool", v)
    w.byte(1 if v else 0)


def _read_bool(r: Reader, limits: Limits) -> bool:
    at = r.offset
    b = r.read_byte()
    if b > 1:
        raise InvalidValueError(f"boolean byte {b} at {at} is neither 0 nor 1")
    return b == 1


def _write_string(w: Writer, v: Any) -> None:
    _require(isinstance(v, str), "a str", v)
    try:
        w.blob(v.encode("utf-8"))
    except UnicodeEncodeError:
        raise EncodingError(f"string {v[:64]!r} is not encodable as UTF-8") from None


def _write_bytes(w: Writer, v: Any) -> None:
    _require(isinstance(v, (bytes, bytearray, memoryview)), "bytes", v)
    w.blob(bytes(v))


def _write_decimal(w: Writer, v: Any) -> None:
    w.zigzag(decimals.to_raw(v))


def _write_uuid(w: Writer, v: Any) -> None:
    _require(isinstance(v, uuid.UUID), "a uuid.UUID", v)
    w.raw(v.bytes)


PRIMITIVE_CODECS: Dict[str, PrimitiveCodec] = {
    "bool": PrimitiveCodec(_write_bool, _read_bool),
    "int8": _byte_integer(signed=True),
    "uint8": _byte_integer(signed=False),
    **{name: _integer(name) for name in ("int16", "int32", "int64", "uint16", "uint32", "uint64", "timestamp")},
    "float32": _float("<f"),
    "float64": _float("<d"),
    "date": _float("<d"),
    "string": PrimitiveCodec(_write_string, lambda r, limits: r.read_string(limits.max_string_bytes)),
    "bytes": PrimitiveCodec(_write_bytes, lambda r, limits: r.read_exact(r.read_length(limits.max_blob_bytes))),
    "decimal": PrimitiveCodec(_write_decimal, lambda r, limits: decimals.from_raw(r.read_zigzag(bits=128))),
    "uuid": PrimitiveCodec(_write_uuid, lambda r, limits: uuid.UUID(bytes=r.read_exact(16))),
}


# --- shared helpers ---------------------------------------------------------

def freeze(value: Any) -> Any:
    """A hashable stand-in for ``value`` (dicts, lists and sets frozen recursively)."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted(((freeze(k), freeze(v)) for k, v in value.items()), key=repr)))
    if isinstance(value, (list, tuple)):
        return ("list", tuple(freeze(v) for v in value))
    if isinstance(value, (set, frozenset)):
        return ("set", frozenset(freeze(v) for v in value))
    if isinstance(value, float) and math.isnan(value):
        return ("nan", id(value))  # NaN never equals anything, as in Swift
    return value


def build_set(elements: list) -> Union[frozenset, list]:
    """A frozenset of the elements, or the list itself when they are not hashable."""
    try:
        return frozenset(elements)
    except TypeError:
        return elements


def build_map(pairs: list) -> Union[dict, list]:
    """A dict of the pairs, or the list of pairs itself when the keys are not hashable."""
    try:
        return dict(pairs)
    except TypeError:
        return pairs


def map_items(value: Any) -> list:
    """The ``(key, value)`` pairs of a map value: a mapping or an iterable of pairs."""
    if isinstance(value, dict):
        return list(value.items())
    try:
        return [(k, v) for k, v in value]
    except (TypeError, ValueError):
        raise EncodingError(f"expected a dict or (key, value) pairs, got {value!r:.80}") from None


def struct_fields(definition: StructDef, value: Any) -> list:
    """``(field, field value)`` for every field of a struct value; absent optionals are None."""
    if not isinstance(value, dict):
        raise EncodingError(f"{definition.name}: expected a dict, got {type(value).__name__}")
    names = {f.name for f in definition.fields}
    unknown = [k for k in value if k not in names]
    if unknown:
        raise EncodingError(f"{definition.name}: unknown field(s) {', '.join(map(str, unknown))}")
    out = []
    for f in definition.fields:
        if f.name not in value and not isinstance(f.type, OptionalOf):
            raise EncodingError(f"{definition.name}: missing field {f.name!r}")
        out.append((f, value.get(f.name)))
    return out


def check_named(definition: Union[EnumDef, AliasDef], value: Any, error: type) -> None:
    """Raises ``error`` if ``value`` is not a case of the enum or breaks the alias's rule."""
    if isinstance(definition, EnumDef):
        problem = definition.problem(value)
    elif definition.rule is not None and isinstance(value, str):
        problem = definition.rule.problem(value)
    else:
        return
    if problem:
        raise error(f"invalid {definition.name}: {problem}")


# --- the codec --------------------------------------------------------------

class BinaryCodec:
    """Encodes and decodes any schema type with the positional binary codec."""

    def __init__(self, schema: Optional[Schema] = None, limits: Limits = Limits()):
        self.schema = schema or default_schema()
        self.limits = limits

    def encode(self, type_expr: Union[str, TypeExpr], value: Any) -> bytes:
        """The bytes of ``value`` as ``type_expr`` (a type expression or a message name)."""
        w = Writer()
        _Encoding(self.schema).write(self.schema.resolve(type_expr), value, w)
        return bytes(w.buf)

    def decode(
        self, type_expr: Union[str, TypeExpr], data: bytes, *,
        missing_optionals_are_none: bool = False, ignore_trailing_bytes: bool = False,
    ) -> Any:
        """Decodes all of ``data`` as ``type_expr``.

        ``missing_optionals_are_none`` reads input that ends where an optional
        is expected as None (a message from an older minor version);
        ``ignore_trailing_bytes`` accepts bytes after the value (a newer minor).
        """
        r = Reader(data)
        value = _Decoding(self.schema, self.limits, r, missing_optionals_are_none).read(self.schema.resolve(type_expr))
        if r.remaining and not ignore_trailing_bytes:
            raise TrailingBytesError(f"{r.remaining} unexpected trailing byte(s) at byte {r.offset}")
        return value


class _Encoding:
    """One encode: writes a value by walking its type."""

    def __init__(self, schema: Schema):
        self.schema = schema

    def write(self, node: TypeExpr, value: Any, w: Writer) -> None:
        if isinstance(node, Primitive):
            PRIMITIVE_CODECS[node.name].write(w, value)
        elif isinstance(node, OptionalOf):
            if value is None:
                w.byte(0)
            else:
                w.byte(1)
                self.write(node.inner, value, w)
        elif isinstance(node, ArrayOf):
            if isinstance(value, (str, bytes, dict)):
                raise EncodingError(f"expected a list, got {type(value).__name__}")
            items = list(value)
            w.varint(len(items))
            for item in items:
                self.write(node.inner, item, w)
        elif isinstance(node, SetOf):
            self._write_sorted(w, [self.encoded(node.inner, v) for v in value])
        elif isinstance(node, MapOf):
            pairs = map_items(value)
            self._write_sorted(w, [self.encoded(node.key, k) for k, _ in pairs], [v for _, v in pairs], node.value)
        elif isinstance(node, Named):
            self._write_named(self.schema.definition(node.name), value, w)
        else:
            raise SchemaError(f"not a type expression: {node!r}")

    def encoded(self, node: TypeExpr, value: Any) -> bytes:
        w = Writer()
        self.write(node, value, w)
        return bytes(w.buf)

    def _write_sorted(self, w: Writer, keys: list, values: Optional[list] = None, value_node=None) -> None:
        """Writes a set (keys only) or map in the canonical order of the encoded keys."""
        order = sorted(range(len(keys)), key=keys.__getitem__)
        if any(keys[a] == keys[b] for a, b in zip(order, order[1:])):
            raise EncodingError("duplicate set element or map key")
        w.varint(len(keys))
        for i in order:
            w.raw(keys[i])
            if values is not None:
                self.write(value_node, values[i], w)

    def _write_named(self, definition, value: Any, w: Writer) -> None:
        if isinstance(definition, StructDef):
            for f, v in struct_fields(definition, value):
                try:
                    self.write(f.type, v, w)
                except EncodingError as e:
                    raise type(e)(f"{definition.name}.{f.name}: {e}") from None
        elif isinstance(definition, EnumDef):
            check_named(definition, value, EncodingError)
            _write_string(w, value)
        else:
            check_named(definition, value, EncodingError)
            self.write(definition.target, value, w)


class _Decoding:
    """One decode: reads a value by walking its type, bounding nesting depth."""

    def __init__(self, schema: Schema, limits: Limits, reader: Reader, missing_optionals_are_none: bool):
        self.schema = schema
        self.limits = limits
        self.r = reader
        self.lenient = missing_optionals_are_none
        self.depth = 0

    def read(self, node: TypeExpr) -> Any:
        if isinstance(node, Primitive):
            return PRIMITIVE_CODECS[node.name].read(self.r, self.limits)
        self.depth += 1
        try:
            if self.depth > self.limits.max_depth:
                raise NestingTooDeepError(f"nesting deeper than {self.limits.max_depth} levels")
            return self._read_composite(node)
        finally:
            self.depth -= 1

    def _read_composite(self, node: TypeExpr) -> Any:
        r = self.r
        if isinstance(node, OptionalOf):
            if self.lenient and r.remaining == 0:
                return None
            at = r.offset
            tag = r.read_byte()
            if tag > 1:
                raise InvalidOptionalTagError(f"optional tag {tag} at byte {at} is neither 0 nor 1")
            return self.read(node.inner) if tag else None
        if isinstance(node, ArrayOf):
            return [self.read(node.inner) for _ in range(self._count())]
        if isinstance(node, SetOf):
            return build_set([v for _, v in self._unique(node.inner, None, self._count())])
        if isinstance(node, MapOf):
            return build_map(self._unique(node.key, node.value, self._count()))
        if isinstance(node, Named):
            return self._read_named(self.schema.definition(node.name))
        raise SchemaError(f"not a type expression: {node!r}")

    def _count(self) -> int:
        return self.r.read_length(self.limits.max_collection_count)

    def _unique(self, key_node: TypeExpr, value_node: Optional[TypeExpr], count: int) -> list:
        """``count`` (key, value) pairs (value None for sets), rejecting duplicate keys."""
        seen, out = set(), []
        for _ in range(count):
            at = self.r.offset
            key = self.read(key_node)
            value = self.read(value_node) if value_node is not None else key
            frozen = freeze(key)
            if frozen in seen:
                raise InvalidValueError(f"duplicate {'set element' if value_node is None else 'map key'} at byte {at}")
            seen.add(frozen)
            out.append((key, value))
        return out

    def _read_named(self, definition) -> Any:
        if isinstance(definition, StructDef):
            out = {}
            for f in definition.fields:
                try:
                    out[f.name] = self.read(f.type)
                except InvalidValueError as e:
                    raise InvalidValueError(f"{definition.name}.{f.name}: {e}") from None
            return out
        if isinstance(definition, EnumDef):
            value = self.r.read_string(self.limits.max_string_bytes)
        else:
            value = self.read(definition.target)
        check_named(definition, value, InvalidValueError)
        return value
