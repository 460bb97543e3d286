"""The IVR part of the screen pop is read defensively from the entry's context."""

from __future__ import annotations

from backoffice.services.desk_screen_pop import IvrSummary


def test_a_full_ivr_context_is_summarised() -> None:
    summary = IvrSummary.from_context({
        "verified": True, "verified_number": "13800000001", "failed_pin_attempts": 1,
        "menu_path": ["main", "queries"], "heard": ["balance"], "language": "en",
        "reason": "caller_request", "topic": "complaint", "notes": {"ticket": "T1"},
        "agent_notes": [{"agent": "陈静", "notes": "x"}],
        "transferred_from": {"username": "agent05"}})
    assert summary.verified and summary.verified_number == "13800000001"
    assert summary.menu_path == ["main", "queries"] and summary.heard == ["balance"]
    assert summary.failed_pin_attempts == 1 and summary.topic == "complaint"
    assert summary.ivr_notes == {"ticket": "T1"} and summary.agent_notes[0]["agent"] == "陈静"


def test_a_missing_or_odd_context_gives_an_empty_summary() -> None:
    for context in (None, {}, {"notes": "free text", "agent_notes": "nope", "menu_path": None}):
        summary = IvrSummary.from_context(context)
        assert not summary.verified and summary.menu_path == [] and summary.heard == []
        assert summary.failed_pin_attempts == 0
        assert summary.ivr_notes == {} and summary.agent_notes == []
