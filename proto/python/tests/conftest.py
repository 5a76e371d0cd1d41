"""Shared fixtures: the repository's schema, codecs and golden vectors, and the built `arena` binary."""

import os
import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PYTHON_DIR))

from arena_wire import EnvelopeCodec, default_schema  # noqa: E402

REPO = PYTHON_DIR.parents[1]
GOLDEN = REPO / "proto" / "golden"
MESSAGE_NAMES = [m.name for m in default_schema().messages]

#: ``WireSamples.metadata`` (Sources/Platform/ArenaWire/Schema/WireSamples.swift), used by every golden frame.
GOLDEN_METADATA = {
    "id": {"instance": 0x0123_4567_89AB_CDEF, "sequence": 42},
    "correlation": {"instance": 0xFEDC_BA98_7654_3210, "sequence": 7},
    "source": "gateway",
    "sentAt": 1_722_470_400_125_431_000,
    "trace": "tick-20240801T0000Z",
    "topicSequence": 9,
}


def golden(name: str, suffix: str) -> bytes:
    """The bytes of ``proto/golden/<name>.<suffix>``."""
    return (GOLDEN / f"{name}.{suffix}").read_bytes()


@pytest.fixture(scope="session")
def codec() -> EnvelopeCodec:
    return EnvelopeCodec()


#: The built CLI (``$ARENA_BIN``, default ``.build/debug/arena``).
ARENA = Path(os.environ.get("ARENA_BIN", REPO / ".build" / "debug" / "arena"))


@pytest.fixture(scope="module")
def arena_binary() -> Path:
    """The built `arena`; missing, the test is skipped, or fails under ``ARENA_REQUIRE_INTEROP`` (``make test``)."""
    if not ARENA.is_file():
        message = f"{ARENA} does not exist (swift build --product arena)"
        if os.environ.get("ARENA_REQUIRE_INTEROP"):
            pytest.fail(message)
        pytest.skip(message)
    return ARENA
