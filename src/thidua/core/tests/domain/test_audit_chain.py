from thidua.core.domain.audit_chain import GENESIS_HASH, event_hash, first_broken_link


def make_chain(n: int) -> list[dict]:
    events, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        event = {
            "seq": seq,
            "at": f"2026-01-0{seq}T00:00:00+00:00",
            "actor_id": 1,
            "actor_username": "canbo",
            "action": "target.update",
            "object_type": "indicators.target",
            "object_id": str(seq),
            "object_repr": "Chỉ tiêu",
            "before": {"value": "80"},
            "after": {"value": "85"},
            "reason": "",
        }
        event["prev_hash"] = prev
        event["hash"] = prev = event_hash(event, prev)
        events.append(event)
    return events


def test_an_untouched_chain_has_no_broken_link():
    assert first_broken_link(make_chain(5)) is None


def test_changing_a_value_after_the_fact_breaks_that_event():
    events = make_chain(5)
    events[2]["after"] = {"value": "95"}
    broken = first_broken_link(events)
    assert broken is not None and broken.seq == 3
    assert "thay đổi" in broken.reason


def test_removing_an_event_is_found_at_the_gap():
    events = make_chain(5)
    del events[1]
    broken = first_broken_link(events)
    assert broken is not None and broken.seq == 3
    assert "thiếu sự kiện số 2" in broken.reason


def test_rehashing_a_changed_event_still_breaks_the_next_link():
    events = make_chain(4)
    events[1]["reason"] = "sửa lén"
    events[1]["hash"] = event_hash(events[1], events[1]["prev_hash"])
    broken = first_broken_link(events)
    assert broken is not None and broken.seq == 3


def test_the_hash_covers_every_audited_field():
    event = make_chain(1)[0]
    base = event_hash(event, GENESIS_HASH)
    for name in (
        "at",
        "actor_id",
        "actor_username",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "before",
        "after",
        "reason",
    ):
        changed = {**event, name: "khác"}
        assert event_hash(changed, GENESIS_HASH) != base, name
