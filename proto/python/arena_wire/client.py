"""ZeroMQ helpers speaking the envelope protocol to the Swift services.

* :class:`Subscriber` connects a SUB socket, subscribes to topic prefixes
  and yields ``(topic, type name, metadata, body)`` for every ``[topic,
  envelope]`` message a Swift ``Publisher`` sends.
* :class:`Requester` sends a request message by type name on a REQ socket
  (a Swift ``Replier`` is a ROUTER) and returns the decoded reply, with a
  timeout per attempt and lazy-pirate retries that resend the same message id.
* :class:`Stamper` fills in metadata: a random non-zero 64-bit instance id
  per socket and sequence numbers 1, 2, 3, ... (and, for a publisher, per topic).
* :class:`SequenceTracker` follows the per-topic sequence numbers of what a
  subscriber receives and reports gaps and restarts, as the Swift bus does.
"""

from __future__ import annotations

import itertools
import secrets
import threading
from typing import Any, Iterable, Iterator, NamedTuple, Optional, Union

import zmq

from .envelope import BINARY, Envelope, EnvelopeCodec, make_metadata
from .errors import BusFramingError, BusTimeoutError, InvalidUTF8Error, UnexpectedReplyError


class Stamper:
    """Envelope metadata for one sending socket: fixed random instance, increasing sequence."""

    def __init__(self, source: str, instance: Optional[int] = None):
        self.source = source
        self.instance = instance if instance is not None else _random_instance()
        self._sequence = itertools.count(1)
        self._topics: dict = {}
        self._lock = threading.Lock()

    def stamp(self, correlation: Optional[dict] = None, trace: Optional[str] = None, topic: Optional[str] = None) -> dict:
        """Metadata for the next message, sent now; ``topic`` numbers a published message within its topic."""
        with self._lock:
            sequence = next(self._sequence)
            topic_sequence = None
            if topic is not None:
                topic_sequence = self._topics.get(topic, 0) + 1
                self._topics[topic] = topic_sequence
        return make_metadata(self.instance, sequence, self.source, correlation=correlation, trace=trace,
                             topic_sequence=topic_sequence)


def _random_instance() -> int:
    while True:
        n = secrets.randbits(64)
        if n:
            return n


class Gap(NamedTuple):
    """Messages lost from one topic of one publisher (``topic`` None: its whole 1.0 stream)."""
    source: str
    instance: int
    topic: Optional[str]
    expected: int
    received: int

    @property
    def missing(self) -> int:
        return self.received - self.expected


class SequenceTracker:
    """Classifies received messages by their sequence numbers (PROTOCOL.md §4).

    A stream is (source, instance, topic) when the publisher numbers each topic
    (protocol 1.1: ``topicSequence``), else (source, instance). The first
    message of a stream is not a gap; a new instance of a known source is a
    restart; a number at or below the last is stale.
    """

    def __init__(self):
        self._last: dict = {}
        self._instances: dict = {}

    def observe(self, topic: str, metadata: dict) -> Union[str, Gap]:
        """``"first"``, ``"in_order"``, ``"restart"``, ``"stale"`` or a :class:`Gap`."""
        source, instance = metadata["source"], metadata["id"]["instance"]
        per_topic = metadata.get("topicSequence")
        stream_topic = topic if per_topic is not None else None
        sequence = per_topic if per_topic is not None else metadata["id"]["sequence"]
        key = (source, instance, stream_topic)
        last = self._last.get(key)
        self._last[key] = max(sequence, last or 0)
        if last is None:
            known = self._instances.setdefault(source, set())
            restart = bool(known) and instance not in known
            known.add(instance)
            return "restart" if restart else "first"
        if sequence <= last:
            return "stale"
        if sequence != last + 1:
            return Gap(source, instance, stream_topic, last + 1, sequence)
        return "in_order"


class Received:
    """One message from a subscription; unpacks as ``topic, name, metadata, body``."""

    __slots__ = ("topic", "name", "metadata", "body", "envelope")

    def __init__(self, topic: str, name: str, metadata: dict, body: Any, envelope: Envelope):
        self.topic, self.name, self.metadata, self.body, self.envelope = topic, name, metadata, body, envelope

    def __iter__(self) -> Iterator[Any]:
        return iter((self.topic, self.name, self.metadata, self.body))

    def __repr__(self) -> str:
        return f"Received(topic={self.topic!r}, name={self.name!r}, metadata={self.metadata!r}, body={self.body!r})"


class _Socket:
    """Owns one ZeroMQ socket: context manager, close."""

    socket: zmq.Socket

    def close(self) -> None:
        self.socket.close(linger=0)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _poll(socket: zmq.Socket, timeout: Optional[float]) -> bool:
    """Waits until ``socket`` is readable; ``timeout`` in seconds, None for ever."""
    return bool(socket.poll(None if timeout is None else max(0, int(timeout * 1000)), zmq.POLLIN))


class Subscriber(_Socket):
    """A SUB socket connected to one or more publishers; ``gaps`` lists the losses seen (per topic)."""

    def __init__(
        self, endpoints: Union[str, Iterable[str]], topics: Iterable[str] = ("",), *,
        codec: Optional[EnvelopeCodec] = None, context: Optional[zmq.Context] = None,
    ):
        self.codec = codec or EnvelopeCodec()
        self.socket = (context or zmq.Context.instance()).socket(zmq.SUB)
        self.socket.setsockopt(zmq.LINGER, 0)
        for prefix in topics:
            self.socket.setsockopt(zmq.SUBSCRIBE, prefix.encode("utf-8"))
        for endpoint in [endpoints] if isinstance(endpoints, str) else endpoints:
            self.socket.connect(endpoint)
        self.tracker = SequenceTracker()
        self.gaps: list = []

    def receive(self, timeout: Optional[float] = None) -> Received:
        """The next message; raises :class:`BusTimeoutError` after ``timeout`` seconds."""
        if not _poll(self.socket, timeout):
            raise BusTimeoutError(f"no message within {timeout} s")
        parts = self.socket.recv_multipart()
        if len(parts) != 2:
            raise BusFramingError(f"expected [topic, envelope], got {len(parts)} part(s)")
        try:
            topic = parts[0].decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidUTF8Error("topic is not valid UTF-8") from None
        msg = self.codec.unframe(parts[1])
        seen = self.tracker.observe(topic, msg.metadata)
        if isinstance(seen, Gap):
            self.gaps.append(seen)
        return Received(topic, msg.name, msg.metadata, msg.body, msg.envelope)

    def messages(self, timeout: Optional[float] = None) -> Iterator[Received]:
        """Yields messages for ever; each wait is bounded by ``timeout`` seconds."""
        while True:
            yield self.receive(timeout)

    __iter__ = messages


class Requester(_Socket):
    """A REQ socket sending requests by message type name, lazy-pirate style."""

    def __init__(
        self, endpoint: str, *, source: str = "python-client", codec: int = BINARY, timeout: float = 2.5,
        retries: int = 0, envelope_codec: Optional[EnvelopeCodec] = None, context: Optional[zmq.Context] = None,
    ):
        if timeout <= 0 or retries < 0:
            raise ValueError("timeout must be positive and retries not negative")
        self.endpoint = endpoint
        self.body_codec = codec
        self.timeout = timeout
        self.retries = retries
        self.codec = envelope_codec or EnvelopeCodec()
        self.stamper = Stamper(source)
        #: The message id of the last request sent, which its reply's correlation must equal.
        self.last_request_id: Optional[dict] = None
        self._context = context or zmq.Context.instance()
        self.socket = self._open()

    def _open(self) -> zmq.Socket:
        socket = self._context.socket(zmq.REQ)
        socket.setsockopt(zmq.LINGER, 0)  # an abandoned request must not be delivered late
        socket.connect(self.endpoint)
        return socket

    def request(self, name: str, body: Any, *, trace: Optional[str] = None, expect: Optional[str] = None):
        """Sends message ``name`` and returns the reply as a :class:`~arena_wire.envelope.Message`.

        Each attempt waits ``timeout`` seconds; after a timeout the socket is
        reopened and the same frame (same message id, so the replier can
        answer from its replay cache) is resent, ``retries`` times; then
        :class:`BusTimeoutError`. ``expect`` names the reply type required.
        """
        metadata = self.stamper.stamp(trace=trace)
        frame = self.codec.frame(name, body, metadata, self.body_codec)
        self.last_request_id = metadata["id"]
        for _ in range(self.retries + 1):
            self.socket.send(frame)
            if _poll(self.socket, self.timeout):
                parts = self.socket.recv_multipart()
                break
            self.socket.close(linger=0)
            self.socket = self._open()
        else:
            raise BusTimeoutError(f"no reply to {name} from {self.endpoint} after "
                                  f"{self.retries + 1} attempt(s) of {self.timeout} s")
        if len(parts) != 1:
            raise BusFramingError(f"expected one reply frame, got {len(parts)}")
        reply = self.codec.unframe(parts[0], expected=expect)
        if reply.metadata.get("correlation") != metadata["id"]:
            raise UnexpectedReplyError(f"reply correlation {reply.metadata.get('correlation')} "
                                       f"is not the request id {metadata['id']}")
        return reply

