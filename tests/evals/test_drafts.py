"""Pre-repair draft statistics are summed per model, and answers without a draft are not drafts."""

from evals.drafts import collect


def check(sentences: int, failed: int, dropped: int = 0, composed: bool = False, model: str = "local") -> dict:
    return {"model": model, "sentences": sentences, "failed": failed, "dropped": dropped, "composed": composed}


def test_drafts_are_summed_before_repair():
    states = [
        {"draft_checks": [check(3, 1, dropped=1)]},  # repaired: one sentence dropped
        {"draft_checks": [check(0, 0, composed=True)]},  # the model produced nothing
        {"draft_checks": [check(4, 0)]},  # accepted as drafted
        {"draft_checks": [check(2, 2, composed=True)]},  # discarded, composed instead
        {},  # composed at once: no draft
    ]
    (local,) = collect(states, "local")
    assert (local.answers, local.drafted, local.failing_drafts) == (5, 4, 3)
    assert (local.sentences, local.failed, local.dropped, local.repaired, local.composed) == (9, 3, 1, 1, 2)
    rates = local.as_dict()
    assert rates["draft_failure_rate"] == 3 / 4
    assert rates["repair_rate"] == 1 / 9


def test_no_drafts_give_no_rate_rather_than_a_perfect_one():
    (local,) = collect([{}, {"draft_checks": []}], "local")
    assert local.drafted == 0 and local.as_dict()["draft_failure_rate"] is None


def test_each_drafting_model_gets_its_own_row():
    stats = collect([{"draft_checks": [check(2, 1, model="strong")]}, {}], "local")
    assert [(s.model, s.answers, s.drafted) for s in stats] == [("local", 2, 0), ("strong", 0, 1)]
