"""The golden vectors in proto/golden/, decoded and re-encoded from the schema alone."""

import pytest

from arena_wire import BINARY, JSON
from conftest import GOLDEN, GOLDEN_METADATA, MESSAGE_NAMES, golden


def test_every_schema_message_has_golden_vectors():
    stems = {p.name.split(".")[0] for p in GOLDEN.iterdir()}
    assert stems == set(MESSAGE_NAMES)
    for name in MESSAGE_NAMES:
        for suffix in ("body.bin", "body.json", "frame.bin", "frame-json.bin"):
            assert (GOLDEN / f"{name}.{suffix}").is_file(), f"{name}.{suffix}"


@pytest.mark.parametrize("name", MESSAGE_NAMES)
def test_binary_frame_decodes_to_the_json_value(codec, name):
    expected = codec.json.decode(name, golden(name, "body.json"))
    msg = codec.unframe(golden(name, "frame.bin"), expected=name)
    assert msg.name == name
    assert msg.envelope.codec == BINARY
    assert msg.envelope.type_id == codec.schema.message(name).id
    assert msg.envelope.version == codec.schema.message(name).version
    assert msg.metadata == GOLDEN_METADATA
    assert msg.body == expected


@pytest.mark.parametrize("name", MESSAGE_NAMES)
def test_binary_reencodes_byte_for_byte(codec, name):
    value = codec.binary.decode(name, golden(name, "body.bin"))
    assert codec.binary.encode(name, value) == golden(name, "body.bin")
    assert codec.frame(name, value, GOLDEN_METADATA) == golden(name, "frame.bin")


@pytest.mark.parametrize("name", MESSAGE_NAMES)
def test_json_frame_decodes_and_reencodes_byte_for_byte(codec, name):
    expected = codec.binary.decode(name, golden(name, "body.bin"))
    msg = codec.unframe(golden(name, "frame-json.bin"), expected=name)
    assert msg.envelope.codec == JSON
    assert msg.metadata == GOLDEN_METADATA
    assert msg.body == expected
    assert codec.json.encode(name, msg.body) == golden(name, "body.json")
    assert codec.frame(name, msg.body, GOLDEN_METADATA, codec=JSON) == golden(name, "frame-json.bin")


def test_decoded_values_are_plain_python():
    from decimal import Decimal
    from arena_wire import EnvelopeCodec

    bar = EnvelopeCodec().unframe(golden("Bar", "frame.bin")).body
    assert bar["open"] == Decimal("3230.5") and isinstance(bar["open"], Decimal)
    assert bar["takerBuyVolume"] is None
    assert bar["tradeCount"] == 8812
    assert bar["openTime"] == 1_722_470_400_000_000_000
    assert bar["timeframe"] == "5m"
    status = EnvelopeCodec().unframe(golden("ServiceStatus", "frame.bin")).body
    assert status["counters"] == {"verdicts": 12, "errors": 0}
