"""Python reference client of the Alpha Arena wire protocol, driven by ``proto/schema.json``.

Quick start::

    from arena_wire import EnvelopeCodec, make_metadata
    codec = EnvelopeCodec()                       # the repository's schema
    frame = codec.frame("ControlRequest", {"command": "STATUS"}, make_metadata(1, 1, "py"))
    msg = codec.unframe(frame)                    # Message(name, metadata, body, envelope)

See ``client.py`` for ZeroMQ subscribers and requesters.
"""

from .codec import BinaryCodec, Limits
from .envelope import BINARY, JSON, Envelope, EnvelopeCodec, Message, make_metadata, message_id
from . import errors
from .errors import BusTimeoutError, SchemaError, WireError
from .jsoncodec import JSONCodec
from .schema import Schema, Version, default_schema, parse_type

__all__ = [
    "BINARY", "JSON", "BinaryCodec", "BusTimeoutError", "SchemaError", "WireError", "errors", "Envelope", "EnvelopeCodec", "JSONCodec", "Limits", "Message",
    "Schema", "Version", "default_schema", "make_metadata", "message_id", "parse_type",
]
