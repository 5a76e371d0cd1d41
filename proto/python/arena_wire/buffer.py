"""Bytes on the wire: a bounds-checked :class:`Reader` and a growable :class:`Writer`.

Integers are LEB128 varints (signed ones zig-zag first), like Swift's
``WireReader``/``WireWriter`` in ``Sources/Platform/ArenaWire/Binary/WireBuffer.swift``;
every read that runs out of input raises :class:`TruncatedError`.
"""

from __future__ import annotations

from typing import Optional, Union

from .errors import InvalidUTF8Error, LengthLimitError, MalformedVarintError, TruncatedError


class Reader:
    """A bounds-checked cursor over bytes; every read raises a :class:`WireError` subclass."""

    __slots__ = ("data", "offset", "end")

    def __init__(self, data: Union[bytes, bytearray, memoryview], offset: int = 0, end: Optional[int] = None):
        self.data = bytes(data)
        self.offset = offset
        self.end = len(self.data) if end is None else end

    @property
    def remaining(self) -> int:
        return self.end - self.offset

    def read_exact(self, n: int) -> bytes:
        if n > self.remaining:
            raise TruncatedError(f"input truncated at byte {self.offset}: {n - self.remaining} more byte(s) needed")
        out = self.data[self.offset:self.offset + n]
        self.offset += n
        return out

    def read_byte(self) -> int:
        return self.read_exact(1)[0]

    def read_u32_be(self) -> int:
        return int.from_bytes(self.read_exact(4), "big")

    def read_varint(self, bits: int = 64) -> int:
        """A LEB128 varint of at most ``bits`` bits (64 or 128), as Swift's WireReader reads it."""
        last_shift = bits - 1 - (bits - 1) % 7  # 63 for 64 bits, 126 for 128
        result = shift = 0
        while True:
            b = self.read_byte()
            if shift == last_shift and b >> (bits - shift):
                raise MalformedVarintError(f"malformed varint at byte {self.offset - 1}")
            result |= (b & 0x7F) << shift
            if b < 0x80:
                return result
            shift += 7

    def read_zigzag(self, bits: int = 64) -> int:
        u = self.read_varint(bits)
        return (u >> 1) ^ -(u & 1)

    def read_length(self, limit: int) -> int:
        """A varint length, checked against ``limit`` and against the bytes left."""
        at = self.offset
        n = self.read_varint()
        if n > limit:
            raise LengthLimitError(f"length {n} at byte {at} exceeds the limit {limit}")
        if n > self.remaining:
            raise TruncatedError(f"input truncated at byte {self.offset}: {n - self.remaining} more byte(s) needed")
        return n

    def read_string(self, limit: int) -> str:
        at = self.offset
        raw = self.read_exact(self.read_length(limit))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidUTF8Error(f"string at byte {at} is not valid UTF-8") from None


class Writer:
    """A growable buffer with the primitive writes of the binary codec."""

    __slots__ = ("buf",)

    def __init__(self):
        self.buf = bytearray()

    def byte(self, b: int) -> None:
        self.buf.append(b)

    def raw(self, data: bytes) -> None:
        self.buf += data

    def varint(self, n: int) -> None:
        while n >= 0x80:
            self.buf.append((n & 0x7F) | 0x80)
            n >>= 7
        self.buf.append(n)

    def zigzag(self, n: int) -> None:
        """A signed integer zig-zag mapped (0, -1, 1, -2 ... to 0, 1, 2, 3 ...), then as a varint."""
        self.varint(-2 * n - 1 if n < 0 else 2 * n)

    def blob(self, data: bytes) -> None:
        self.varint(len(data))
        self.buf += data
