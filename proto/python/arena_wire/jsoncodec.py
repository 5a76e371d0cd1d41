"""The JSON codec, shaped like Swift's ``JSONEncoder`` output in ``WireCodecs``.

Keys are sorted, no whitespace, slashes unescaped, non-ASCII as UTF-8;
decimals are their canonical string, timestamps integer nanoseconds, enums
their raw string, absent optionals are omitted (and ``null`` reads as
absent), bytes are base64, uuids upper-case text, dates float seconds since
2001-01-01, non-finite floats the strings ``"inf"``, ``"-inf"``, ``"nan"``.
Maps with ``string`` (or ``int64``) keys are objects; maps with other keys
are flat arrays ``[k1, v1, k2, v2, ...]``, as Swift encodes them.
Values in and out are the same plain Python values as the binary codec's.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import struct
import uuid
from typing import Any, Callable, Dict, NamedTuple, Optional, Union

from . import decimals
from .codec import (
    INTEGER_RANGES, BinaryCodec, build_map, build_set, check_integer, check_named, map_items, struct_fields,
)
from .errors import EncodingError, JSONDecodingError
from .schema import (
    ArrayOf, EnumDef, MapOf, OptionalOf, Primitive, Schema, SetOf, StructDef, TypeExpr, default_schema,
)

_NON_FINITE = {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}


def dumps(obj: Any) -> bytes:
    """JSON text as Swift's encoder writes it: sorted keys, compact, UTF-8."""
    try:
        return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError) as e:
        raise EncodingError(f"not encodable as JSON: {e}") from None


def loads(data: bytes) -> Any:
    """Parses UTF-8 JSON text strictly (no NaN/Infinity literals)."""
    def reject(token: str) -> Any:
        raise ValueError(f"{token} is not JSON")

    try:
        return json.loads(bytes(data).decode("utf-8"), parse_constant=reject)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise JSONDecodingError(f"not valid JSON: {str(e)[:200]}") from None


class _JSONPrimitive(NamedTuple):
    to_json: Callable[[Any], Any]
    from_json: Callable[[Any], Any]


def _expect(ok: bool, what: str, obj: Any) -> None:
    if not ok:
        raise JSONDecodingError(f"expected {what}, got {json.dumps(obj, default=repr)[:80]}")


def _integer(name: str) -> _JSONPrimitive:
    return _JSONPrimitive(lambda v: check_integer(name, v), lambda o: check_integer(name, o, JSONDecodingError))


def _float(bits: int) -> _JSONPrimitive:
    def to_json(v: Any) -> Any:
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise EncodingError(f"expected a number, got {v!r:.80}")
        if not math.isfinite(v):
            return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
        if bits == 32:
            return _shortest_float32(v)
        f = float(v)
        # Swift's JSONEncoder writes an integral Double without ".0" (1.0 -> 1)
        # while it prints it in plain notation (below 2**53).
        if f.is_integer() and abs(f) < 2**53 and not (f == 0 and math.copysign(1, f) < 0):
            return int(f)
        return f

    def from_json(o: Any) -> float:
        if isinstance(o, str) and o in _NON_FINITE:
            return _NON_FINITE[o]
        _expect(isinstance(o, (int, float)) and not isinstance(o, bool), "a number", o)
        return float(o)

    return _JSONPrimitive(to_json, from_json)


def _shortest_float32(v: float) -> float:
    """The shortest decimal that reads back as the same float32, as Swift prints a ``Float``."""
    try:
        target = struct.pack("<f", v)
    except OverflowError:
        raise EncodingError(f"{v!r} does not fit in 32-bit float") from None
    for digits in range(1, 10):
        candidate = float(f"{struct.unpack('<f', target)[0]:.{digits}g}")
        if struct.pack("<f", candidate) == target:
            return candidate
    return struct.unpack("<f", target)[0]


def _string_from_json(o: Any) -> str:
    _expect(isinstance(o, str), "a string", o)
    try:
        o.encode("utf-8")
    except UnicodeEncodeError:
        raise JSONDecodingError("string with an unpaired surrogate") from None
    return o


def _bool_from_json(o: Any) -> bool:
    _expect(isinstance(o, bool), "a boolean", o)
    return o


def _decimal_from_json(o: Any) -> Any:
    if isinstance(o, str):
        return decimals.from_raw(decimals.to_raw(o, JSONDecodingError))
    _expect(isinstance(o, int) and not isinstance(o, bool), "a decimal string", o)
    return decimals.from_raw(check_integer("int64", o, JSONDecodingError) * decimals.UNIT)


def _bytes_from_json(o: Any) -> bytes:
    _expect(isinstance(o, str), "base64 text", o)
    try:
        return base64.b64decode(o, validate=True)
    except (binascii.Error, ValueError):
        raise JSONDecodingError("invalid base64") from None


def _uuid_from_json(o: Any) -> uuid.UUID:
    _expect(isinstance(o, str) and len(o) == 36, "a UUID string", o)
    try:
        return uuid.UUID(o)
    except ValueError:
        raise JSONDecodingError(f"invalid UUID {o!r}") from None


def _checked(check: Callable[[Any], bool], what: str) -> Callable[[Any], Any]:
    def to_json(v: Any) -> Any:
        if not check(v):
            raise EncodingError(f"expected {what}, got {v!r:.80}")
        return v
    return to_json


_PRIMITIVES: Dict[str, _JSONPrimitive] = {
    **{name: _integer(name) for name in INTEGER_RANGES},
    "bool": _JSONPrimitive(_checked(lambda v: isinstance(v, bool), "a bool"), _bool_from_json),
    "float32": _float(32),
    "float64": _float(64),
    "date": _float(64),
    "string": _JSONPrimitive(_checked(lambda v: isinstance(v, str), "a str"), _string_from_json),
    "bytes": _JSONPrimitive(
        lambda v: base64.b64encode(bytes(_checked(lambda b: isinstance(b, (bytes, bytearray)), "bytes")(v))).decode(),
        _bytes_from_json,
    ),
    "decimal": _JSONPrimitive(lambda v: decimals.text_from_raw(decimals.to_raw(v)), _decimal_from_json),
    "uuid": _JSONPrimitive(lambda v: str(_checked(lambda u: isinstance(u, uuid.UUID), "a uuid.UUID")(v)).upper(),
                           _uuid_from_json),
}


def _object_key(node: TypeExpr) -> Optional[str]:
    """``"string"`` or ``"int64"`` when maps keyed by ``node`` are JSON objects; None for flat arrays."""
    if isinstance(node, Primitive) and node.name in ("string", "int64"):
        return node.name
    return None


class JSONCodec:
    """Encodes and decodes any schema type with the JSON codec."""

    def __init__(self, schema: Optional[Schema] = None):
        self.schema = schema or default_schema()
        self._binary = BinaryCodec(self.schema)

    def encode(self, type_expr: Union[str, TypeExpr], value: Any) -> bytes:
        """The JSON bytes of ``value`` as ``type_expr`` (a type expression or a message name)."""
        return dumps(self.to_json(self.schema.resolve(type_expr), value))

    def decode(self, type_expr: Union[str, TypeExpr], data: bytes) -> Any:
        """Decodes JSON bytes as ``type_expr``; unknown object keys are ignored, as in Swift."""
        return self.from_json(self.schema.resolve(type_expr), loads(data))

    def to_json(self, node: TypeExpr, value: Any) -> Any:
        """``value`` as a JSON-ready object (dicts, lists, str, int, float, bool, None)."""
        if isinstance(node, Primitive):
            return _PRIMITIVES[node.name].to_json(value)
        if isinstance(node, OptionalOf):
            return None if value is None else self.to_json(node.inner, value)
        if isinstance(node, ArrayOf):
            return [self.to_json(node.inner, v) for v in value]
        if isinstance(node, SetOf):
            # Swift's Set order is random; sort by the binary encoding to be deterministic.
            return [self.to_json(node.inner, v) for v in sorted(value, key=lambda v: self._binary.encode(node.inner, v))]
        if isinstance(node, MapOf):
            pairs = map_items(value)
            if _object_key(node.key):
                return {str(self.to_json(node.key, k)): self.to_json(node.value, v) for k, v in pairs}
            return [x for k, v in pairs for x in (self.to_json(node.key, k), self.to_json(node.value, v))]
        definition = self.schema.definition(node.name)
        if isinstance(definition, StructDef):
            return {
                f.name: self.to_json(f.type, v) for f, v in struct_fields(definition, value)
                if not (v is None and isinstance(f.type, OptionalOf))
            }
        check_named(definition, value, EncodingError)
        return value if isinstance(definition, EnumDef) else self.to_json(definition.target, value)

    def from_json(self, node: TypeExpr, obj: Any) -> Any:
        """A parsed JSON object as a value of type ``node``."""
        if isinstance(node, Primitive):
            return _PRIMITIVES[node.name].from_json(obj)
        if isinstance(node, OptionalOf):
            return None if obj is None else self.from_json(node.inner, obj)
        if isinstance(node, (ArrayOf, SetOf)):
            _expect(isinstance(obj, list), "an array", obj)
            items = [self.from_json(node.inner, o) for o in obj]
            return items if isinstance(node, ArrayOf) else build_set(items)
        if isinstance(node, MapOf):
            return build_map(self._map_pairs(node, obj))
        return self._named_from_json(self.schema.definition(node.name), obj)

    def _map_pairs(self, node: MapOf, obj: Any) -> list:
        kind = _object_key(node.key)
        if kind:
            _expect(isinstance(obj, dict), "an object", obj)
            keys = [_int_key(k) if kind == "int64" else k for k in obj]
            return [(self.from_json(node.key, k), self.from_json(node.value, v)) for k, v in zip(keys, obj.values())]
        _expect(isinstance(obj, list) and len(obj) % 2 == 0, "an array of alternating keys and values", obj)
        return [(self.from_json(node.key, k), self.from_json(node.value, v)) for k, v in zip(obj[::2], obj[1::2])]

    def _named_from_json(self, definition, obj: Any) -> Any:
        if isinstance(definition, StructDef):
            _expect(isinstance(obj, dict), f"a {definition.name} object", obj)
            out = {}
            for f in definition.fields:
                if obj.get(f.name) is None:
                    if not isinstance(f.type, OptionalOf):
                        raise JSONDecodingError(f"{definition.name}: missing key {f.name!r}")
                    out[f.name] = None
                else:
                    out[f.name] = self.from_json(f.type, obj[f.name])
            return out
        value = _string_from_json(obj) if isinstance(definition, EnumDef) else self.from_json(definition.target, obj)
        check_named(definition, value, JSONDecodingError)
        return value


def _int_key(text: str) -> int:
    if not re.fullmatch(r"-?[0-9]{1,20}", text):
        raise JSONDecodingError(f"map key {text[:64]!r} is not an integer")
    return int(text)
