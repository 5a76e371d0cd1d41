"""Envelope frames: fixed header, metadata block and body (``Sources/Platform/ArenaWire/Envelope``).

::

    "AA" | proto major | proto minor | codec | flags | type id (u16 BE) | msg major | msg minor
         | metadata length (u32 BE) | metadata | body length (u32 BE) | body

Metadata and body use the envelope's codec (0 binary, 1 JSON). A receiver
rejects another protocol major and accepts a newer protocol minor; flags are
ignored. Protocol 1.1 appended ``topicSequence`` to the metadata: a 1.0 frame
has none (read as None), and metadata fields of a newer minor are skipped. Body versioning: the message major must match the schema's; an
older minor may lack trailing optional fields (read as None); a newer minor
may carry trailing fields (ignored).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, NamedTuple, Optional

from .buffer import Reader
from .codec import BinaryCodec, Limits
from .errors import (
    BadMagicError, EncodingError, FrameTooLargeError, LengthLimitError, TrailingBytesError,
    UnexpectedMessageTypeError, UnknownCodecError, UnsupportedMessageVersionError,
    UnsupportedProtocolVersionError,
)
from .jsoncodec import JSONCodec
from .schema import Schema, Version, default_schema

BINARY = 0
JSON = 1
#: Swift's ``WireProtocol.defaultMaxFrameBytes``.
DEFAULT_MAX_FRAME_BYTES = 16 << 20


def message_id(instance: int, sequence: int) -> dict:
    """A ``MessageID`` value: the sender's random instance and its sequence number."""
    return {"instance": instance, "sequence": sequence}


def make_metadata(
    instance: int, sequence: int, source: str, *, sent_at: Optional[int] = None,
    correlation: Optional[dict] = None, trace: Optional[str] = None, topic_sequence: Optional[int] = None,
) -> dict:
    """An ``EnvelopeMetadata`` value; ``sent_at`` (ns since the epoch) defaults to now.

    ``topic_sequence`` numbers a published message within its topic (1, 2, 3, ... per
    publisher instance and topic); requests, replies and jobs have none.
    """
    return {
        "id": message_id(instance, sequence), "correlation": correlation, "source": source,
        "sentAt": time.time_ns() if sent_at is None else sent_at, "trace": trace, "topicSequence": topic_sequence,
    }


@dataclass
class Envelope:
    """A parsed frame; ``body`` is still encoded (see :meth:`EnvelopeCodec.decode_body`)."""
    codec: int
    flags: int
    type_id: int
    version: Version
    metadata: dict
    body: bytes
    protocol: Version


class Message(NamedTuple):
    """A decoded frame: the message type's name, the metadata, the body value, the envelope."""
    name: str
    metadata: dict
    body: Any
    envelope: Envelope


class EnvelopeCodec:
    """Frames and unframes messages of one schema."""

    def __init__(self, schema: Optional[Schema] = None, limits: Limits = Limits(),
                 max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES):
        self.schema = schema or default_schema()
        self.binary = BinaryCodec(self.schema, limits)
        self.json = JSONCodec(self.schema)
        self.max_frame_bytes = max_frame_bytes
        self._codecs = {self.schema.codec_id("binary"): self.binary, self.schema.codec_id("json"): self.json}

    # --- writing ------------------------------------------------------------

    def encode_body(self, name: str, value: Any, codec: int = BINARY) -> bytes:
        """The body of message ``name`` in ``codec``."""
        return self._codec(codec, EncodingError).encode(self.schema.message(name).type, value)

    def frame(self, name: str, value: Any, metadata: dict, codec: int = BINARY, flags: int = 0) -> bytes:
        """A whole frame for message ``name`` with the schema's type id and version."""
        spec = self.schema.message(name)
        return self.frame_body(spec.id, spec.version, metadata, self.encode_body(name, value, codec), codec, flags)

    def frame_body(self, type_id: int, version: Version, metadata: dict, body: bytes,
                   codec: int = BINARY, flags: int = 0) -> bytes:
        """A frame around an already encoded body (any type id and version: for tests and relays)."""
        env = self.schema.envelope
        meta = self._codec(codec, EncodingError).encode(env.metadata, metadata)
        if len(meta) > env.max_metadata_bytes:
            raise EncodingError(f"metadata of {len(meta)} bytes exceeds the limit {env.max_metadata_bytes}")
        if len(body) > 0xFFFFFFFF:
            raise EncodingError(f"body of {len(body)} bytes exceeds 4 GiB")
        try:
            header = env.magic + bytes([
                env.version.major, env.version.minor, codec, flags, *type_id.to_bytes(2, "big"),
                version.major, version.minor,
            ])
        except (ValueError, OverflowError):
            raise EncodingError(f"header field out of range: flags {flags}, type {type_id}, version {version}") from None
        return b"".join((header, len(meta).to_bytes(4, "big"), meta, len(body).to_bytes(4, "big"), body))

    # --- reading ------------------------------------------------------------

    def parse(self, frame: bytes) -> Envelope:
        """Checks magic, protocol version, codec, every length and that nothing follows the body.

        The metadata is decoded; the body is left encoded.
        """
        env = self.schema.envelope
        if len(frame) > self.max_frame_bytes:
            raise FrameTooLargeError(f"frame of {len(frame)} bytes exceeds the limit of {self.max_frame_bytes}")
        r = Reader(frame)
        r.read_exact(env.header_bytes)  # a short header is a truncation, whatever it holds
        r.offset = 0
        magic = r.read_exact(len(env.magic))
        if magic != env.magic:
            raise BadMagicError(f"bad magic bytes {magic.hex()}; not an Alpha Arena envelope")
        protocol = Version(r.read_byte(), r.read_byte())
        if protocol.major != env.version.major:
            raise UnsupportedProtocolVersionError(f"protocol version {protocol} is not supported "
                                                  f"(this client speaks {env.version.major}.x)")
        codec = r.read_byte()
        self._codec(codec, UnknownCodecError)
        flags = r.read_byte()
        type_id = int.from_bytes(r.read_exact(2), "big")
        version = Version(r.read_byte(), r.read_byte())
        meta = r.read_exact(_read_section_length(r, env.max_metadata_bytes))
        metadata = self._decode_metadata(codec, meta, protocol)
        body = r.read_exact(_read_section_length(r, self.max_frame_bytes))
        if r.remaining:
            raise TrailingBytesError(f"{r.remaining} unexpected trailing byte(s) at byte {r.offset}")
        return Envelope(codec, flags, type_id, version, metadata, body, protocol)

    def _decode_metadata(self, codec: int, meta: bytes, protocol: Version) -> dict:
        """The metadata of a sender speaking ``protocol``: fields its minor lacks are None, a newer minor's are skipped."""
        env = self.schema.envelope
        if codec != self.schema.codec_id("binary"):
            metadata = self.json.decode(env.metadata, meta)
        else:
            metadata = self.binary.decode(
                env.metadata, meta,
                missing_optionals_are_none=protocol.minor < env.version.minor,
                ignore_trailing_bytes=protocol.minor > env.version.minor,
            )
        metadata.setdefault("topicSequence", None)
        return metadata

    def decode_body(self, envelope: Envelope, expected: Optional[str] = None) -> Message:
        """Decodes the body by its type id, applying the versioning rules.

        ``expected`` (a message name) makes any other type an error.
        """
        spec = self.schema.message_by_id(envelope.type_id)
        if expected is not None and spec.name != expected:
            want = self.schema.message(expected)
            raise UnexpectedMessageTypeError(f"expected message type {want.id} ({expected}), "
                                             f"got {spec.id} ({spec.name})")
        if envelope.version.major != spec.version.major:
            raise UnsupportedMessageVersionError(f"{spec.name} version {envelope.version} is not supported "
                                                 f"(this client reads {spec.version.major}.x)")
        if envelope.codec == self.schema.codec_id("binary"):
            value = self.binary.decode(
                spec.type, envelope.body,
                missing_optionals_are_none=envelope.version.minor < spec.version.minor,
                ignore_trailing_bytes=envelope.version.minor > spec.version.minor,
            )
        else:
            value = self.json.decode(spec.type, envelope.body)
        return Message(spec.name, envelope.metadata, value, envelope)

    def unframe(self, frame: bytes, expected: Optional[str] = None) -> Message:
        """Parses a frame and decodes its body."""
        return self.decode_body(self.parse(frame), expected)

    def _codec(self, codec: int, error: type):
        try:
            return self._codecs[codec]
        except KeyError:
            raise error(f"unknown codec id {codec}") from None


def _read_section_length(r: Reader, limit: int) -> int:
    """A u32 big-endian section length, checked against ``limit`` (the caller's read checks the rest)."""
    at = r.offset
    n = r.read_u32_be()
    if n > limit:
        raise LengthLimitError(f"length {n} at byte {at} exceeds the limit {limit}")
    return n
