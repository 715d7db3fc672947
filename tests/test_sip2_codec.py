"""The SIP2 codec's properties: what it writes it reads back, in both encodings, and nothing a
kiosk sends raises anything but ``FrameError``."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from xclib_desk.sip2.codec import (
    REQUEST_FIXED,
    FrameError,
    Message,
    checksum,
    decode,
    encode,
)

#: text a field may carry: any printable, Chinese included, never the delimiter
values = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="|\x7f"), max_size=40
)
field_ids = st.from_regex(r"\A[A-Z]{2}\Z").filter(lambda f: f not in ("AY", "AZ"))


@st.composite
def messages(draw: st.DrawFn) -> Message:
    command = draw(st.sampled_from(sorted(set(REQUEST_FIXED) - {"97"})))
    n = REQUEST_FIXED[command]
    fixed = draw(st.text(st.sampled_from("0123456789YN "), min_size=n, max_size=n))
    if n and fixed[0] == " ":  # a blank first fixed character reads fine; keep a digit for n>0
        fixed = "0" + fixed[1:]
    fields = draw(st.lists(st.tuples(field_ids, values), max_size=6))
    # a value must not end in what reads as a checksum trailer
    fields = [(k, v) for k, v in fields if "AZ" not in v and "AY" not in v]
    seq = draw(st.none() | st.integers(0, 9))
    return Message(command, fixed, tuple(fields), seq)


@settings(max_examples=300, deadline=None)
@given(messages(), st.sampled_from(["utf-8", "gb18030"]), st.booleans())
def test_decode_reads_what_encode_writes(msg: Message, encoding: str, checked: bool) -> None:
    frame = encode(msg, encoding, error_detection=checked)
    assert frame.endswith(b"\r") and frame.count(b"\r") == 1
    back = decode(frame, encoding)
    assert back.command == msg.command and back.fixed == msg.fixed
    assert back.fields == tuple((k, v) for k, v in msg.fields if (k + v) not in ("",))
    assert back.checked is checked
    if checked:
        assert back.seq == (msg.seq or 0)
        raw = frame[:-1]
        assert (sum(raw[:-4]) + int(raw[-4:], 16)) & 0xFFFF == 0


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["utf-8", "gb18030"]))
def test_any_bytes_decode_or_raise_frame_error(data: bytes, encoding: str) -> None:
    with contextlib.suppress(FrameError):
        decode(data, encoding)


@settings(max_examples=300, deadline=None)
@given(messages(), st.integers(0, 200), st.integers(1, 255))
def test_a_changed_byte_is_caught_or_still_a_frame(msg: Message, at: int, delta: int) -> None:
    frame = bytearray(encode(msg, "utf-8", error_detection=True))
    i = at % (len(frame) - 1)
    frame[i] = (frame[i] + delta) % 256
    with contextlib.suppress(FrameError):
        decode(bytes(frame))


def test_checksum_of_the_spec_example() -> None:
    # the example every SIP2 document carries: 09N...AY3AZ -> EB80 form (sum then complement)
    body = (
        b"09N19980821 085721              APCertification Terminal Location|AOCertification "
        b"Institute ID|AB290000001|ACterminal password|AY3AZ"
    )
    digits = checksum(body)
    assert (sum(body) + int(digits, 16)) & 0xFFFF == 0 and len(digits) == 4


def test_short_checksums_and_character_sums_are_accepted() -> None:
    body = "9900802.00AY1AZ"
    three = format(-sum(map(ord, body)) & 0xFFFF, "X").lstrip("0") or "0"
    assert decode((body + three).encode()).seq == 1
    zh = "23001" + "20261124    100000" + "AO新街口|AAXC1|AY2AZ"
    by_chars = format(-sum(map(ord, zh)) & 0xFFFF, "04X")
    assert decode((zh + by_chars).encode("utf-8")).get("AO") == "新街口"


def test_what_cannot_be_read_says_why() -> None:
    cases = {
        b"": "no_command",
        b"XX\r": "no_command",
        b"88abc\r": "unknown",
        b"15N\r": "unsupported",
        b"11N\r": "short",
        b"\xff\xfe\r": "not_text",
        b"9900802.00AY1AZ0000\r": "bad_checksum",
        b"9900802.00|A|\r": "bad_field",
    }
    for frame, reason in cases.items():
        try:
            decode(frame)
        except FrameError as e:
            assert e.reason == reason, (frame, e.reason)
        else:
            raise AssertionError(frame)


def test_values_cannot_break_the_frame() -> None:
    msg = Message("17", "0" * 18, (("AB", "X1|AZ00\rAY"),))
    frame = encode(msg)
    assert frame.count(b"\r") == 1 and decode(frame).get("AB") == "X1AZ00AY"


def test_long_values_are_cut_to_255_bytes_on_a_character() -> None:
    for encoding in ("utf-8", "gb18030"):
        frame = encode(Message("17", "0" * 18, (("AJ", "红" * 200),)), encoding)
        value = decode(frame, encoding).get("AJ")
        assert len(value.encode(encoding)) <= 255 and set(value) == {"红"}
