"""realtime/wire.py: a text's frame built once, as a server sends it, and daphne's connection found
only behind daphne's own send. Over a live daphne: tests/integration/test_wire_live.py."""

from __future__ import annotations

import functools

import pytest
from daphne.server import Server
from websockets.frames import Frame, Opcode
from websockets.streams import StreamReader

from realtime.wire import daphne_protocol, text_frame


def parsed(frame: bytes) -> Frame:
    """The frame read back by the websockets library, as a client reads a server's frame."""
    reader = StreamReader()
    reader.feed_data(frame)
    reader.feed_eof()
    parser = Frame.parse(reader.read_exact, mask=False)
    try:
        next(parser)
    except StopIteration as done:
        return done.value
    raise AssertionError("the frame was incomplete")


@pytest.mark.parametrize("length", [1, 125, 126, 65535, 65536, 300_000])
def test_a_text_frame_reads_back_as_one_final_text_frame_of_that_text(length):
    text = ("é" + "a" * length)[:length]  # two bytes for the first character: lengths cross the bounds
    frame = parsed(text_frame(text))
    assert (frame.opcode, frame.fin) == (Opcode.TEXT, True)
    assert not (frame.rsv1 or frame.rsv2 or frame.rsv3)
    assert frame.data.decode() == text


def test_the_connection_is_found_only_behind_daphnes_own_send():
    server = Server(application=None, endpoints=["tcp:port=0:interface=127.0.0.1"])  # made, not run
    protocol = object()
    assert daphne_protocol(functools.partial(server.handle_reply, protocol)) is protocol

    async def other_send(message):
        pass

    assert daphne_protocol(other_send) is None
    assert daphne_protocol(functools.partial(other_send)) is None
    assert daphne_protocol(functools.partial(server.handle_reply, protocol, "extra")) is None
