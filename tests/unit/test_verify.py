from bot.agent.verify import (
    cited_numbers,
    find_figures,
    repair,
    split_sentences,
    verify_answer,
)

SOURCES = {
    1: "Ofcom › Adults' media use\nHalf (50%) of adults aged 65+ use Facebook, up from 39% in 2019.",
    2: "LGA › Budgets\nThe council spent £1.2 million on print, reaching 3,500 households in 2023.",
    3: "Guidance › Goals\nSet goals for the next 12 months and review them every quarter.",
}


def test_figures_are_found_with_units_and_scales():
    figs = find_figures("About 45% of users, £1.2m spent, 3,500 homes, 2.5 billion views, 12 months.")
    texts = [f.text for f in figs]
    assert texts == ["45%", "£1.2m", "3,500", "2.5 billion", "12"]
    assert 1_200_000.0 in figs[1].values and 1.2 in figs[1].values
    assert 3500.0 in figs[2].values


def test_names_with_digits_are_not_figures():
    # "18-29s" is an age band: its first number counts as a figure, the glued "29s" does not.
    assert [f.text for f in find_figures("GA4 and COVID-19 and row F04 and the 18-29s")] == ["18"]


def test_citation_markers_and_list_numbers_are_not_figures():
    assert [f.text for f in find_figures("1. Older people use it [2].")] == []


def test_cited_numbers_reads_groups_and_repeats():
    assert cited_numbers("A [1], B [2, 3] and C [3][4].") == [1, 2, 3, 4]


def test_split_sentences_keeps_trailing_citations_with_their_sentence():
    parts = split_sentences("Half of over-65s use Facebook. [1] Councils reach many homes [2].\n- A list item [3]")
    assert parts == ["Half of over-65s use Facebook. [1]", "Councils reach many homes [2].", "- A list item [3]"]


def test_verified_answer_passes_and_lists_figures():
    report = verify_answer(
        "Half of people over 65 (50%) use Facebook [1]. The print budget was £1.2m [2].", SOURCES
    )
    assert report.ok
    assert [(f.value, f.citation, f.verified) for f in report.figures] == [
        ("65", 1, True), ("50%", 1, True), ("£1.2m", 2, True)
    ]


def test_percent_and_per_cent_agree():
    assert verify_answer("Some 50 per cent of older adults use Facebook [1].", SOURCES).ok


def test_figure_from_wrong_source_fails():
    report = verify_answer("The council reached 3,500 households [1].", SOURCES)
    assert not report.ok
    assert "figure '3,500' is not found in [1]" in report.sentences[0].problems


def test_invented_figure_fails():
    report = verify_answer("Facebook use by over-65s is 72% [1].", SOURCES)
    assert not report.ok
    assert report.figures[-1].value == "72%" and report.figures[-1].verified is False


def test_citation_to_unknown_source_fails():
    report = verify_answer("Older people use Facebook [7].", SOURCES)
    assert "[7] does not point at a retrieved source" in report.sentences[0].problems


def test_uncited_figure_fails_and_uncited_answer_fails():
    report = verify_answer("Half of adults, 50%, use Facebook.", SOURCES)
    assert "figure '50%' is not found (no citation)" in report.sentences[0].problems
    assert "the answer cites no source" in report.problems


def test_empty_answer_fails():
    assert not verify_answer("   ", SOURCES).ok


def test_repair_drops_failing_sentences_only():
    report = verify_answer(
        "Older adults use Facebook (50%) [1]. Print cost £9m [2]. Set goals for 12 months [3].", SOURCES
    )
    fixed = repair(report)
    assert fixed == "Older adults use Facebook (50%) [1]. Set goals for 12 months [3]."
    assert verify_answer(fixed, SOURCES).ok


def test_repair_gives_up_when_most_of_the_draft_is_wrong():
    report = verify_answer("It is 99% [1]. It is 98% [2]. It is 97% [3]. Fine [3].", SOURCES)
    assert repair(report) is None


def test_a_claim_without_a_citation_fails_but_headings_do_not():
    report = verify_answer("**What the evidence says**\nOlder adults use Facebook a great deal.", SOURCES)
    assert report.sentences[0].ok
    assert report.sentences[1].problems == ["makes a claim without a citation"]


def test_fluent_text_unrelated_to_its_source_fails():
    report = verify_answer(
        "Businesses should focus on measuring what they can do with each post [3].", SOURCES
    )
    assert any("content words appear in what it cites" in p for p in report.sentences[0].problems)


def test_leading_markers_belong_to_the_sentence_that_follows_a_cited_one():
    parts = split_sentences("[1] Half of adults use Facebook. [3] Set goals for the year.")
    assert parts == ["[1] Half of adults use Facebook.", "[3] Set goals for the year."]


def test_tidy_draft_moves_leading_markers_and_drops_repeats():
    from bot.agent.verify import tidy_draft

    draft = (
        "[1] Half of adults aged 65+ use Facebook (50%).\n"
        "[1] Half of adults aged 65+ use Facebook, 50%.\n"
        "Set goals for the next 12 months [3]."
    )
    assert tidy_draft(draft) == (
        "Half of adults aged 65+ use Facebook (50%). [1]\nSet goals for the next 12 months [3]."
    )


def test_tidy_draft_drops_a_sentence_cut_off_by_the_token_limit():
    from bot.agent.verify import tidy_draft

    assert tidy_draft("Set goals for the next 12 months [3]. Reach: grow email alert sign [2]") == (
        "Set goals for the next 12 months [3]."
    )
