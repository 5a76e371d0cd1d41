"""Loading ``proto/schema.json`` and parsing its type expressions.

A type expression is a string: a primitive (``bool``, ``int8`` ... ``int64``,
``uint8`` ... ``uint64``, ``float32``, ``float64``, ``string``, ``bytes``,
``decimal``, ``timestamp``, ``date``, ``uuid``), the name of a type in the
schema's ``types``, or ``optional<T>``, ``array<T>``, ``set<T>``, ``map<K,V>``.
Expressions are parsed into small immutable nodes (:class:`Primitive`,
:class:`Named`, :class:`OptionalOf`, :class:`ArrayOf`, :class:`SetOf`,
:class:`MapOf`) that the codecs walk.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Optional, Union

from .errors import SchemaError, UnknownMessageTypeError

PRIMITIVES = frozenset({
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "string", "bytes", "decimal", "timestamp", "date", "uuid",
})

#: The schema committed next to this package: ``proto/schema.json``.
DEFAULT_SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema.json"


# --- type expressions -------------------------------------------------------

@dataclass(frozen=True)
class Primitive:
    """A primitive type such as ``int64`` or ``decimal``."""
    name: str


@dataclass(frozen=True)
class Named:
    """A reference to a struct, enum or alias in the schema's ``types``."""
    name: str


@dataclass(frozen=True)
class OptionalOf:
    """``optional<T>``: a presence byte, then T when present."""
    inner: "TypeExpr"


@dataclass(frozen=True)
class ArrayOf:
    """``array<T>``: a count, then the elements in order."""
    inner: "TypeExpr"


@dataclass(frozen=True)
class SetOf:
    """``set<T>``: a count, then the elements sorted by their encoding."""
    inner: "TypeExpr"


@dataclass(frozen=True)
class MapOf:
    """``map<K,V>``: a count, then key/value pairs sorted by the key's encoding."""
    key: "TypeExpr"
    value: "TypeExpr"


TypeExpr = Union[Primitive, Named, OptionalOf, ArrayOf, SetOf, MapOf]

_GENERICS = {"optional": (1, OptionalOf), "array": (1, ArrayOf), "set": (1, SetOf), "map": (2, MapOf)}


@functools.lru_cache(maxsize=1024)
def parse_type(text: str) -> TypeExpr:
    """Parses a type expression such as ``optional<map<string,int64>>``."""
    parser = _Parser(text)
    node = parser.expression()
    parser.skip_spaces()
    if parser.pos != len(text):
        raise SchemaError(f"unexpected {text[parser.pos:]!r} in type expression {text!r}")
    return node


class _Parser:
    """A recursive-descent parser over one type expression."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def expression(self) -> TypeExpr:
        self.skip_spaces()
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in "<>," and not self.text[self.pos].isspace():
            self.pos += 1
        name = self.text[start:self.pos]
        if not name:
            raise SchemaError(f"missing type name at {start} in {self.text!r}")
        self.skip_spaces()
        if self.pos < len(self.text) and self.text[self.pos] == "<":
            if name not in _GENERICS:
                raise SchemaError(f"{name!r} takes no type arguments in {self.text!r}")
            arity, node_type = _GENERICS[name]
            self.pos += 1
            args = [self.expression()]
            while self.peek() == ",":
                self.pos += 1
                args.append(self.expression())
            if self.peek() != ">":
                raise SchemaError(f"missing '>' in {self.text!r}")
            self.pos += 1
            if len(args) != arity:
                raise SchemaError(f"{name} takes {arity} type argument(s), got {len(args)} in {self.text!r}")
            return node_type(*args)
        if name in _GENERICS:
            raise SchemaError(f"{name} needs type arguments in {self.text!r}")
        return Primitive(name) if name in PRIMITIVES else Named(name)

    def peek(self) -> str:
        self.skip_spaces()
        return self.text[self.pos] if self.pos < len(self.text) else ""


# --- named types ------------------------------------------------------------

class Version(NamedTuple):
    """A message or protocol version: majors break compatibility, minors append optional fields."""
    major: int
    minor: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    @classmethod
    def parse(cls, text: str) -> "Version":
        try:
            major, minor = (int(part) for part in text.split("."))
        except ValueError:
            raise SchemaError(f"bad version {text!r}") from None
        return cls(major, minor)


@dataclass(frozen=True)
class Field:
    name: str
    type: TypeExpr


@dataclass(frozen=True)
class StructDef:
    """A struct: its fields in wire order."""
    name: str
    fields: tuple


@dataclass(frozen=True)
class EnumDef:
    """An enum carried as its string raw value."""
    name: str
    cases: tuple

    def problem(self, value) -> Optional[str]:
        """Why ``value`` is not one of the cases, or None when it is."""
        if isinstance(value, str) and value in self.cases:
            return None
        return f"{str(value)[:64]!r} is not one of {', '.join(self.cases)}"


@dataclass(frozen=True)
class IdentifierRule:
    """The rule of a validated identifier, read from an alias's note."""
    min_bytes: int
    max_bytes: int
    pattern: re.Pattern

    _NOTE = re.compile(r"(\d+)\s*[–-]\s*(\d+) bytes of (\[[^\]]+\])")

    @classmethod
    def from_note(cls, note: Optional[str]) -> Optional["IdentifierRule"]:
        """The rule a note such as ``1–64 bytes of [A-Za-z0-9._:-]`` states, if any."""
        match = cls._NOTE.search(note or "")
        if not match:
            return None
        try:
            pattern = re.compile(match.group(3) + "*", re.ASCII)
        except re.error as e:
            raise SchemaError(f"bad character class in note {note!r}: {e}") from None
        return cls(int(match.group(1)), int(match.group(2)), pattern)

    def problem(self, text: str) -> Optional[str]:
        """Why ``text`` breaks the rule, or None when it does not."""
        size = len(text.encode("utf-8", "surrogatepass"))
        if not self.min_bytes <= size <= self.max_bytes:
            return f"{size} bytes, not {self.min_bytes}–{self.max_bytes}"
        if not self.pattern.fullmatch(text):
            return f"{text[:64]!r} has a character outside {self.pattern.pattern[:-1]}"
        return None


@dataclass(frozen=True)
class AliasDef:
    """Another type under a name, possibly with a validation rule (identifiers)."""
    name: str
    target: TypeExpr
    note: Optional[str]
    rule: Optional[IdentifierRule]


TypeDef = Union[StructDef, EnumDef, AliasDef]


@dataclass(frozen=True)
class MessageSpec:
    """A registered message type: stable id, name, body type and version."""
    id: int
    name: str
    type: TypeExpr
    version: Version


@dataclass(frozen=True)
class EnvelopeSpec:
    """The envelope constants a peer needs to frame messages."""
    magic: bytes
    version: Version
    codecs: dict
    header_bytes: int
    max_metadata_bytes: int
    metadata: TypeExpr


# --- the schema -------------------------------------------------------------

class Schema:
    """A parsed ``schema.json``: envelope constants, messages and named types."""

    def __init__(self, document: dict):
        self.document = document
        try:
            self.types = {name: _type_def(name, d) for name, d in document["types"].items()}
            env = document["envelope"]
            self.envelope = EnvelopeSpec(
                magic=env["magic"].encode("ascii"), version=Version(env["major"], env["minor"]),
                codecs=dict(env["codecs"]), header_bytes=env["header_bytes"],
                max_metadata_bytes=env["max_metadata_bytes"], metadata=parse_type(env["metadata"]),
            )
            self.messages = tuple(
                MessageSpec(m["id"], m["name"], parse_type(m["type"]), Version.parse(m["version"]))
                for m in document["messages"]
            )
        except (KeyError, TypeError, AttributeError) as e:
            raise SchemaError(f"malformed schema document: {e!r}") from None
        self._by_name = {m.name: m for m in self.messages}
        self._by_id = {m.id: m for m in self.messages}
        if len(self._by_name) != len(self.messages) or len(self._by_id) != len(self.messages):
            raise SchemaError("duplicate message name or id")
        self._check_references()

    @classmethod
    def load(cls, path: Union[str, Path, None] = None) -> "Schema":
        """Reads a schema file (by default ``proto/schema.json``)."""
        with open(path or DEFAULT_SCHEMA_PATH, encoding="utf-8") as f:
            return cls(json.load(f))

    def codec_id(self, name: str) -> int:
        """The envelope codec id of ``binary`` or ``json``."""
        try:
            return self.envelope.codecs[name]
        except KeyError:
            raise SchemaError(f"no codec named {name!r}") from None

    def message(self, name: str) -> MessageSpec:
        """The message type called ``name``."""
        try:
            return self._by_name[name]
        except KeyError:
            raise SchemaError(f"no message type named {name!r}") from None

    def message_by_id(self, type_id: int) -> MessageSpec:
        """The message type with id ``type_id``; unknown ids are a wire error."""
        try:
            return self._by_id[type_id]
        except KeyError:
            raise UnknownMessageTypeError(f"unknown message type id {type_id}") from None

    def definition(self, name: str) -> TypeDef:
        """The struct, enum or alias called ``name``."""
        try:
            return self.types[name]
        except KeyError:
            raise SchemaError(f"no type named {name!r}") from None

    def resolve(self, expr: Union[str, TypeExpr]) -> TypeExpr:
        """``expr`` as a node: strings are parsed, message names stand for their body type."""
        if not isinstance(expr, str):
            return expr
        if expr in self._by_name:
            return self._by_name[expr].type
        return parse_type(expr)

    def _check_references(self) -> None:
        roots = [self.envelope.metadata] + [m.type for m in self.messages]
        for d in self.types.values():
            if isinstance(d, StructDef):
                roots += [f.type for f in d.fields]
            elif isinstance(d, AliasDef):
                roots.append(d.target)
        for node in roots:
            for name in _named_references(node):
                self.definition(name)
        for name in self.types:
            seen = set()
            while isinstance(self.types.get(name), AliasDef) and isinstance(self.types[name].target, Named):
                if name in seen:
                    raise SchemaError(f"alias cycle through {name!r}")
                seen.add(name)
                name = self.types[name].target.name


def _type_def(name: str, d: dict) -> TypeDef:
    kind = d.get("kind")
    if kind == "struct":
        return StructDef(name, tuple(Field(f["name"], parse_type(f["type"])) for f in d.get("fields", [])))
    if kind == "enum":
        return EnumDef(name, tuple(d["cases"]))
    if kind == "alias":
        return AliasDef(name, parse_type(d["type"]), d.get("note"), IdentifierRule.from_note(d.get("note")))
    raise SchemaError(f"type {name!r} has unknown kind {kind!r}")


def _named_references(node: TypeExpr):
    if isinstance(node, Named):
        yield node.name
    elif isinstance(node, MapOf):
        yield from _named_references(node.key)
        yield from _named_references(node.value)
    elif isinstance(node, (OptionalOf, ArrayOf, SetOf)):
        yield from _named_references(node.inner)


@functools.lru_cache(maxsize=None)
def default_schema() -> Schema:
    """The schema committed in this repository, loaded once."""
    return Schema.load()
