"""Event bodies from the real captures decode into the queue's typed events."""

from __future__ import annotations

from greenswitch.esl import ESLEvent

from backoffice.esl.events import (
    BackgroundJob,
    ChannelAnswer,
    ChannelBridge,
    ChannelHangup,
    ChannelPark,
    Dtmf,
    SofiaExpire,
    SofiaRegister,
    SofiaUnregister,
    parse_event,
    parse_greenswitch_event,
)
from backoffice.esl.wire import RawEvent, decode_event, decode_json_event, decode_plain_event

from . import transcripts
from .fake_esl_server import plain_event_frame

PARKED = "11111111-2222-3333-4444-555555555555"


def _captured(name: str, content_type: str) -> list[RawEvent]:
    return [
        decode_event(content_type, f.body) for f in transcripts.event_frames(name, content_type)
    ]


def _typed(raw_events: list[RawEvent]) -> list[object]:
    return [parse_event(raw.headers, raw.body) for raw in raw_events]


def test_plain_register_and_unregister_from_the_capture() -> None:
    register, unregister = _typed(_captured(transcripts.SOFIA_REGISTRATION, "text/event-plain"))

    assert register == SofiaRegister(
        user="1001",
        host="127.0.0.1",
        contact='"" <sip:1001@127.0.0.1:5091>',
        profile="internal",
        expires_s=60,
    )
    assert unregister == SofiaUnregister(
        user="1001", host="127.0.0.1", contact='"" <sip:1001@127.0.0.1:5091>', profile="internal"
    )


def test_plain_headers_are_url_decoded_line_by_line() -> None:
    raw = _captured(transcripts.AUTH_AND_PLAIN, "text/event-plain")[0]
    assert raw.headers["Event-Date-GMT"] == "Sun, 22 Nov 2026 01:59:59 GMT"
    assert raw.headers["FreeSWITCH-IPv6"] == "fd00::2"
    assert raw.body == ""


def test_plain_answer_and_hangup_with_cause_from_the_capture() -> None:
    typed = _typed(_captured(transcripts.AUTH_AND_PLAIN, "text/event-plain"))
    answers = [e for e in typed if isinstance(e, ChannelAnswer)]
    hangups = [e for e in typed if isinstance(e, ChannelHangup)]

    assert [a.uuid for a in answers][:1] == ["05764290-b34b-42fa-83d2-edb0684e734e"]
    assert {h.cause for h in hangups} == {"NORMAL_CLEARING"}
    assert hangups[0].variables["hangup_cause_q850"] == "16"


def test_json_park_dtmf_background_job_and_hangup_from_the_capture() -> None:
    typed = _typed(_captured(transcripts.JSON_EVENTS, "text/event-json"))

    park = next(e for e in typed if isinstance(e, ChannelPark))
    assert (park.uuid, park.destination) == (PARKED, "7000")
    job = next(e for e in typed if isinstance(e, BackgroundJob))
    assert job == BackgroundJob(
        job_uuid="2c0a1726-f0bd-4f83-a2c5-7da1afbb4220",
        command="originate",
        result=f"+OK {PARKED}\n",
    )
    assert job.ok
    assert [e.digit for e in typed if isinstance(e, Dtmf)] == ["1", "2", "#"]
    assert {e.uuid for e in typed if isinstance(e, ChannelHangup)} >= {PARKED}


def test_a_keyed_digit_never_shows_in_a_repr() -> None:
    dtmf = next(
        e
        for e in _typed(_captured(transcripts.JSON_EVENTS, "text/event-json"))
        if isinstance(e, Dtmf)
    )
    assert dtmf.digit == "1"
    assert "digit" not in repr(dtmf) and "'1'" not in repr(dtmf)
    raw = _captured(transcripts.JSON_EVENTS, "text/event-json")[0]
    assert "headers" not in repr(raw)


def test_plain_background_job_body_follows_its_own_content_length() -> None:
    frame = plain_event_frame(
        [("Event-Name", "BACKGROUND_JOB"), ("Job-UUID", "j-1"), ("Job-Command", "originate")],
        "-ERR USER_NOT_REGISTERED\n",
    )
    body = frame.split(b"\n\n", 1)[1]

    raw = decode_plain_event(body)

    assert parse_event(raw.headers, raw.body) == BackgroundJob(
        "j-1", "originate", "-ERR USER_NOT_REGISTERED\n"
    )
    assert not BackgroundJob("j-1", "originate", "-ERR USER_NOT_REGISTERED\n").ok


def test_json_array_headers_are_rendered_like_plain_ones() -> None:
    raw = decode_json_event(
        b'{"Event-Name":"CHANNEL_ANSWER","Unique-ID":"u","variable_x":["a","b"]}'
    )
    assert raw.headers["variable_x"] == "ARRAY::a|:b"


def test_sofia_expire_uses_the_headers_mod_sofia_sets() -> None:
    # sofia_reg_del_callback: profile-name, call-id, user, host, contact, expires, user-agent, realm
    headers = {
        "Event-Name": "CUSTOM",
        "Event-Subclass": "sofia::expire",
        "profile-name": "internal",
        "call-id": "1-25756@127.0.0.1",
        "user": "1002",
        "host": "127.0.0.1",
        "contact": "sip:1002@127.0.0.1:5092",
        "expires": "1795312910",
        "realm": "127.0.0.1",
    }
    assert parse_event(headers) == SofiaExpire(
        "1002", "127.0.0.1", "sip:1002@127.0.0.1:5092", "internal"
    )


def test_bridge_names_both_legs() -> None:
    headers = {
        "Event-Name": "CHANNEL_BRIDGE",
        "Unique-ID": "a",
        "Bridge-A-Unique-ID": "a",
        "Bridge-B-Unique-ID": "b",
    }
    assert parse_event(headers) == ChannelBridge("a", "b")


def test_events_the_queue_does_not_use_are_ignored() -> None:
    assert parse_event({"Event-Name": "HEARTBEAT"}) is None
    assert parse_event({"Event-Name": "CUSTOM", "Event-Subclass": "sofia::gateway_state"}) is None
    assert parse_event({}) is None


def test_a_greenswitch_event_parses_the_same_way() -> None:
    event = ESLEvent(
        "Event-Name: CHANNEL_HANGUP_COMPLETE\nUnique-ID: abc\nHangup-Cause: USER_BUSY\n"
    )
    assert parse_greenswitch_event(event) == ChannelHangup("abc", "USER_BUSY")
