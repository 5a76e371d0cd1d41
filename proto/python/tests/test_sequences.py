"""Protocol 1.1: per-topic sequence numbers in the metadata, read from 1.0, 1.1 and newer senders."""

from arena_wire import BINARY, JSON, EnvelopeCodec, make_metadata
from arena_wire.client import Gap, SequenceTracker, Stamper

from conftest import GOLDEN_METADATA, golden


def _frame_with_protocol_minor(codec: EnvelopeCodec, metadata_bytes: bytes, minor: int) -> bytes:
    """A ControlRequest frame whose header says protocol 1.``minor``, with the given binary metadata block."""
    body = codec.encode_body("ControlRequest", {"command": "STATUS"})
    spec = codec.schema.message("ControlRequest")
    header = b"AA" + bytes([1, minor, BINARY, 0, *spec.id.to_bytes(2, "big"), spec.version.major, spec.version.minor])
    return b"".join((header, len(metadata_bytes).to_bytes(4, "big"), metadata_bytes, len(body).to_bytes(4, "big"), body))


def test_golden_frames_carry_the_topic_sequence(codec):
    msg = codec.unframe(golden("Trade", "frame.bin"))
    assert msg.envelope.protocol.minor == 1
    assert msg.metadata["topicSequence"] == GOLDEN_METADATA["topicSequence"] == 9
    assert codec.unframe(golden("Trade", "frame-json.bin")).metadata["topicSequence"] == 9


def test_a_protocol_1_0_frame_has_no_topic_sequence(codec):
    metadata = make_metadata(5, 3, "old", sent_at=1, trace=None)
    full = codec.binary.encode(codec.schema.envelope.metadata, metadata)
    # 1.0 metadata is the 1.1 block without its last field (an absent optional is one 0 byte).
    assert full.endswith(b"\x00")
    msg = codec.unframe(_frame_with_protocol_minor(codec, full[:-1], 0))
    assert msg.metadata["topicSequence"] is None
    assert msg.metadata["id"] == {"instance": 5, "sequence": 3}


def test_metadata_fields_of_a_newer_minor_are_skipped(codec):
    metadata = make_metadata(5, 3, "new", sent_at=1, topic_sequence=12)
    block = codec.binary.encode(codec.schema.envelope.metadata, metadata) + b"\x07\x07"
    msg = codec.unframe(_frame_with_protocol_minor(codec, block, 9))
    assert msg.metadata["topicSequence"] == 12


def test_the_stamper_numbers_each_topic():
    stamper = Stamper("py", instance=7)
    seqs = [(t, stamper.stamp(topic=t)["topicSequence"]) for t in ["md.trade.X", "md.bar.1m.X", "md.trade.X", "md.trade.X"]]
    assert seqs == [("md.trade.X", 1), ("md.bar.1m.X", 1), ("md.trade.X", 2), ("md.trade.X", 3)]
    assert stamper.stamp()["topicSequence"] is None


def test_a_gap_is_reported_in_exactly_the_topic_that_lost_a_message():
    stamper, tracker = Stamper("gateway", instance=1), SequenceTracker()
    bars = []
    for minute in range(5):
        for _ in range(3):
            stamper.stamp(topic="md.trade.BTCUSDT")  # trades flow; a bar subscriber never sees them
        bar = stamper.stamp(topic="md.bar.1m.BTCUSDT")
        if minute != 2:  # the third bar is lost
            bars.append(bar)
    seen = [tracker.observe("md.bar.1m.BTCUSDT", m) for m in bars]
    assert seen[:2] == ["first", "in_order"]
    assert seen[2] == Gap("gateway", 1, "md.bar.1m.BTCUSDT", 3, 4)
    assert seen[3] == "in_order"


def test_a_new_instance_is_a_restart_and_a_1_0_publisher_is_tracked_as_one_stream():
    tracker = SequenceTracker()
    assert tracker.observe("t", make_metadata(1, 1, "s", sent_at=0, topic_sequence=1)) == "first"
    assert tracker.observe("u", make_metadata(1, 2, "s", sent_at=0, topic_sequence=1)) == "first"
    assert tracker.observe("t", make_metadata(2, 1, "s", sent_at=0, topic_sequence=1)) == "restart"
    old = SequenceTracker()
    assert old.observe("t", make_metadata(9, 1, "o", sent_at=0)) == "first"
    assert old.observe("u", make_metadata(9, 3, "o", sent_at=0)) == Gap("o", 9, None, 2, 3)
