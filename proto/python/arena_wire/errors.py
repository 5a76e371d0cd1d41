"""Typed errors of the wire codec, mirroring Swift's ``WireError`` cases.

Every failure caused by bytes received from the wire is a :class:`WireError`
subclass, so a caller can catch the base class and never sees an
``IndexError``, ``struct.error`` or ``UnicodeDecodeError`` escape.
"""


class SchemaError(Exception):
    """The schema (or a type expression in it) is malformed or incomplete."""


class WireError(Exception):
    """Base class of every error about bytes on (or values for) the wire."""


class TruncatedError(WireError):
    """Input ended before the value did."""


class MalformedVarintError(WireError):
    """A varint longer than its type allows."""


class LengthLimitError(WireError):
    """A length or count above the decoder's limit."""


class InvalidUTF8Error(WireError):
    """A string whose bytes are not valid UTF-8."""


class TrailingBytesError(WireError):
    """Bytes left over after the value was decoded."""


class NestingTooDeepError(WireError):
    """Containers nested deeper than the decoder's limit."""


class InvalidValueError(WireError):
    """A value that decoded but is not valid for its type (enum, identifier, range, bool...)."""


class InvalidOptionalTagError(WireError):
    """An optional's presence byte that is neither 0 nor 1."""


class BadMagicError(WireError):
    """The frame does not start with the envelope magic bytes."""


class UnsupportedProtocolVersionError(WireError):
    """An envelope protocol major version this client does not speak."""


class UnknownCodecError(WireError):
    """An envelope codec id this client does not know."""


class UnknownMessageTypeError(WireError):
    """A message type id that is not in the schema."""


class UnexpectedMessageTypeError(WireError):
    """A known message type, but not the one the caller asked for."""


class UnsupportedMessageVersionError(WireError):
    """A message major version other than the schema's."""


class FrameTooLargeError(WireError):
    """The frame exceeds the configured maximum size."""


class JSONDecodingError(WireError):
    """JSON (body or metadata) that does not decode into its schema type."""


class EncodingError(WireError):
    """A Python value that cannot be encoded as its schema type."""


class BusFramingError(WireError):
    """A ZeroMQ message whose parts are not what the pattern sends ([topic, envelope] or [envelope])."""


class UnexpectedReplyError(WireError):
    """A reply whose correlation id is not the request's id."""


class BusTimeoutError(TimeoutError):
    """No message or reply arrived in time (not a WireError: nothing was wrong with any bytes)."""
