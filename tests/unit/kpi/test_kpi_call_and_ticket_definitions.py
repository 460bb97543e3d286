"""IVR containment, first-contact resolution, tickets and satisfaction, worked by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backoffice.kpi import definitions as d
from backoffice.kpi.model import CallRecord, HandledCall, SurveyRecord, TicketRecord

DAY0 = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
H24, D7 = timedelta(hours=24), timedelta(days=7)


def day(n: float) -> datetime:
    return DAY0 + timedelta(days=n)


def test_containment_is_calls_served_by_the_menus_alone_over_inbound_calls() -> None:
    # c1 and c5 contained; c2 went to an agent; c3 hung up in the menus (an IVR exit);
    # c4 is outbound and not counted → 2 of 4
    calls = [CallRecord("c1", "1", DAY0, contained=True),
             CallRecord("c2", "2", DAY0, reached_queue=True),
             CallRecord("c3", "3", DAY0, outcome="hangup"),
             CallRecord("c4", "4", DAY0, direction="outbound"),
             CallRecord("c5", "5", DAY0, contained=True)]
    assert d.ivr_containment(calls) == 0.5
    assert d.ivr_exits(calls) == 1
    assert d.ivr_containment([]) is None


def handled(uuid: str, number: str, first_answer: bool = True) -> HandledCall:
    return HandledCall(entry_id=1, call_uuid=uuid, caller_number=number, agent_id=5,
                       skill="billing", enqueued_at=DAY0 - timedelta(seconds=20),
                       answered_at=DAY0, talk_s=100, wrap_s=20, first_answer=first_answer)


# A: called again the same evening; B: called again three days later; C: never again;
# D: a transfer (not a first answer, left out); E: only its own call is on record.
HANDLED = [handled("a", "N1"), handled("b", "N2"), handled("c", "N3"),
           handled("d", "N4", first_answer=False), handled("e", "N5")]
CALLS = [CallRecord("a", "N1", DAY0 - timedelta(seconds=60)),
         CallRecord("a2", "N1", day(0.5)),
         CallRecord("b2", "N2", day(3)),
         CallRecord("d2", "N4", day(0.1)),
         CallRecord("e", "N5", DAY0 - timedelta(seconds=60))]


def test_first_contact_resolution_within_24_hours_and_within_7_days() -> None:
    # 24 h: B, C, E not called again within a day → 3 of 4 (D is left out)
    assert d.first_contact_resolution(HANDLED, CALLS, H24, day(10)) == 0.75
    # 7 d: B called again on day 3 → C, E → 2 of 4
    assert d.first_contact_resolution(HANDLED, CALLS, D7, day(10)) == 0.5


def test_given_the_window_not_yet_over_then_the_call_is_not_counted() -> None:
    # two days later the 24 h outcome is known for all four, the 7 day one for none
    assert d.first_contact_resolution(HANDLED, CALLS, H24, day(2)) == 0.75
    assert d.first_contact_resolution(HANDLED, CALLS, D7, day(2)) is None


def test_a_call_without_a_number_cannot_be_followed() -> None:
    assert d.first_contact_resolution([handled("x", "")], [], H24, day(3)) is None


def ticket(id_: int, kind: str, status: str, hours_to_close: float | None = None,
           deadline_days: float | None = None, resolved_days: float | None = None,
           satisfaction: int | None = None) -> TicketRecord:
    return TicketRecord(
        id=id_, type=kind, status=status, created_at=DAY0,
        closed_at=DAY0 + timedelta(hours=hours_to_close) if hours_to_close is not None else None,
        sla_deadline=day(deadline_days) if deadline_days is not None else None,
        resolved_at=day(resolved_days) if resolved_days is not None else None,
        satisfaction=satisfaction)


def test_complaint_closure_time_is_the_mean_over_closed_complaints() -> None:
    # 26 h and 10 h → 18 h; the open complaint, the fault and the cancelled one are out
    tickets = [ticket(1, "complaint", "closed", 26), ticket(2, "complaint", "closed", 10),
               ticket(3, "complaint", "waiting_department"), ticket(4, "fault", "closed", 5),
               ticket(5, "complaint", "cancelled", 1)]
    assert d.complaint_closure_time_s(tickets) == 18 * 3600
    assert d.complaint_closure_time_s(tickets[2:]) is None


def test_ticket_sla_hit_rate_over_tickets_whose_outcome_is_known() -> None:
    # now day 5. s1 done before its deadline (hit); s2 done after (miss); s3 open past its
    # deadline (miss); s4 open, deadline ahead (not known yet); s5 no deadline (out);
    # s6 done early with its deadline ahead (hit) → 2 of 4
    tickets = [ticket(1, "fault", "closed", deadline_days=1, resolved_days=0.8),
               ticket(2, "fault", "closed", deadline_days=1, resolved_days=2),
               ticket(3, "fault", "in_progress", deadline_days=1),
               ticket(4, "fault", "in_progress", deadline_days=9),
               ticket(5, "suggestion", "closed", resolved_days=1),
               ticket(6, "complaint", "informing", deadline_days=9, resolved_days=3)]
    assert d.ticket_sla_hit_rate(tickets, day(5)) == 0.5
    assert d.ticket_sla_hit_rate(tickets[3:5], day(5)) is None


def test_survey_satisfaction_is_the_share_of_1_and_2() -> None:
    # keys 1 very satisfied … 5 very dissatisfied: 1, 2, 2 of five answers → 0.6
    answers = [SurveyRecord("c", score, DAY0) for score in (1, 2, 2, 3, 5)]
    assert d.survey_satisfaction(answers) == 0.6
    assert d.survey_satisfaction([]) is None


def test_ticket_satisfaction_is_the_share_of_4_and_5_over_scored_tickets() -> None:
    # a ticket's scale runs the other way: 5, 4 satisfied, 1 not; no score → out → 2/3
    tickets = [ticket(i, "complaint", "closed", 1, satisfaction=s)
               for i, s in enumerate((5, 4, 1, None))]
    assert d.ticket_satisfaction(tickets) == pytest.approx(2 / 3)
    assert d.ticket_satisfaction(tickets[3:]) is None
