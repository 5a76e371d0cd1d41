"""The ZeroMQ helpers against Python peers shaped like the Swift Publisher and Replier."""

import threading
import time

import pytest
import zmq

from arena_wire import BINARY, JSON, EnvelopeCodec
from arena_wire.client import Requester, Stamper, Subscriber
from arena_wire.errors import BusTimeoutError, UnexpectedReplyError
from conftest import golden

HEARTBEAT = {"service": "py", "instance": "abc", "state": "READY", "sentAt": 1, "uptimeSeconds": 2,
             "intervalMilliseconds": 100, "cpuSeconds": 1.5, "residentMemoryBytes": 1024}


def test_stamper_ids():
    a, b = Stamper("x"), Stamper("x")
    assert a.instance != b.instance and 0 < a.instance < 2**64
    first, second = a.stamp(), a.stamp(correlation={"instance": 1, "sequence": 2}, trace="t")
    assert (first["id"]["sequence"], second["id"]["sequence"]) == (1, 2)
    assert first["id"]["instance"] == second["id"]["instance"] == a.instance
    assert second["correlation"] == {"instance": 1, "sequence": 2} and second["trace"] == "t"
    assert first["source"] == "x" and first["sentAt"] > 1_600_000_000 * 10**9


@pytest.mark.parametrize("codec_id", [BINARY, JSON])
def test_subscriber_receives_topic_name_metadata_body(codec_id):
    ctx = zmq.Context.instance()
    pub = ctx.socket(zmq.PUB)
    pub.setsockopt(zmq.LINGER, 0)
    port = pub.bind_to_random_port("tcp://127.0.0.1")
    codec, stamper = EnvelopeCodec(), Stamper("py")
    try:
        with Subscriber(f"tcp://127.0.0.1:{port}", ["hb."]) as sub:
            deadline = time.monotonic() + 10
            while True:  # PUB/SUB joins late: publish until the subscription is in place
                pub.send_multipart([b"other", codec.frame("Heartbeat", HEARTBEAT, stamper.stamp(), codec_id)])
                pub.send_multipart([b"hb.py", codec.frame("Heartbeat", HEARTBEAT, stamper.stamp(), codec_id)])
                try:
                    topic, name, metadata, body = sub.receive(timeout=0.1)
                    break
                except BusTimeoutError:
                    assert time.monotonic() < deadline, "no heartbeat within 10 s"
            assert (topic, name, body) == ("hb.py", "Heartbeat", HEARTBEAT)
            assert metadata["id"]["instance"] == stamper.instance
            with pytest.raises(BusTimeoutError):
                sub.receive(timeout=0.05)
    finally:
        pub.close(linger=0)


class Replier(threading.Thread):
    """A ROUTER answering each request with ``reply_body`` (or never, when it is None)."""

    def __init__(self, reply_name="ServiceStatus", reply_body=None, correlate=True):
        super().__init__(daemon=True)
        self.socket = zmq.Context.instance().socket(zmq.ROUTER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.port = self.socket.bind_to_random_port("tcp://127.0.0.1")
        self.reply_name, self.reply_body, self.correlate = reply_name, reply_body, correlate
        self.requests = []
        self.stop = threading.Event()

    def run(self):
        codec, stamper = EnvelopeCodec(), Stamper("replier")
        while not self.stop.is_set():
            if not self.socket.poll(20):
                continue
            *route, frame = self.socket.recv_multipart()
            request = codec.unframe(frame)
            self.requests.append((frame, request))
            if self.reply_body is not None:
                correlation = request.metadata["id"] if self.correlate else {"instance": 1, "sequence": 1}
                reply = codec.frame(self.reply_name, self.reply_body, stamper.stamp(correlation=correlation),
                                    request.envelope.codec)
                self.socket.send_multipart([*route, reply])
        self.socket.close(linger=0)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.join(5)


@pytest.mark.parametrize("codec_id", [BINARY, JSON])
def test_requester_round_trip(codec_id):
    status = EnvelopeCodec().unframe(golden("ServiceStatus", "frame.bin")).body
    with Replier(reply_body=status) as rep, \
            Requester(f"tcp://127.0.0.1:{rep.port}", codec=codec_id, timeout=5) as req:
        reply = req.request("ControlRequest", {"command": "STATUS"}, trace="t-1", expect="ServiceStatus")
        assert reply.name == "ServiceStatus" and reply.body == status
        assert reply.metadata["correlation"] == req.last_request_id
        assert reply.envelope.codec == codec_id
        frame, request = rep.requests[0]
        assert request.body == {"command": "STATUS"} and request.metadata["trace"] == "t-1"


def test_requester_times_out_and_resends_the_same_frame():
    with Replier(reply_body=None) as rep, Requester(f"tcp://127.0.0.1:{rep.port}", timeout=0.3, retries=2) as req:
        start = time.monotonic()
        with pytest.raises(BusTimeoutError):
            req.request("ControlRequest", {"command": "STATUS"})
        assert 0.8 < time.monotonic() - start < 5
        time.sleep(0.1)
        frames = [frame for frame, _ in rep.requests]
        assert len(frames) == 3 and len(set(frames)) == 1


def test_requester_rejects_uncorrelated_replies():
    status = EnvelopeCodec().unframe(golden("ServiceStatus", "frame.bin")).body
    with Replier(reply_body=status, correlate=False) as rep, \
            Requester(f"tcp://127.0.0.1:{rep.port}", timeout=5) as req:
        with pytest.raises(UnexpectedReplyError):
            req.request("ControlRequest", {"command": "STATUS"})
