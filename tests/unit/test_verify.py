import pytest

from bot.agent.verify import (
    Verifier,
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
    assert report.ok, [s.problems for s in report.sentences]
    assert [(f.value, f.citation, f.verified) for f in report.figures] == [
        ("Half", 1, True), ("65", 1, True), ("50%", 1, True), ("£1.2m", 2, True)
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


def test_repair_keeps_the_drafts_lines_so_sections_survive():
    draft = ("**What the evidence says**\nOlder adults use Facebook (50%) [1]. Print cost £9m [2].\n"
             "Set goals for 12 months [3].")
    fixed = repair(verify_answer(draft, SOURCES), layout=draft)
    assert fixed == "**What the evidence says**\nOlder adults use Facebook (50%) [1].\nSet goals for 12 months [3]."
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
    assert any("content words appear in the sentence" in p for p in report.sentences[0].problems)


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


# --------------------------------------------------------------------------------------------
# The tricks the review found (issue 9): each passed the old verifier, each fails now
# --------------------------------------------------------------------------------------------

RANKED = (
    "Benchmark: Facebook, Posts per week › the 12 months to October 2026\n"
    "Against 15 peer organisations, our Facebook posts per week in the 12 months to October 2026 (7.2 posts a "
    "week) ranks 15 of 16, at the 7th percentile; the peer median is 10.5 posts a week and the top quartile 13.5 "
    "posts a week."
)


@pytest.mark.parametrize(
    "claim",
    [
        "Our Facebook posts per week rank at the 95th percentile [1].",
        "Our Facebook posts per week are in the top quartile and rank 1st [1].",
        "Our Facebook posts per week rank 2 of 16 [1].",
        "Our Facebook posts per week grew 3x to 7.2 posts a week [1].",
        "Our Facebook posts per week changed by -7.2% [1].",
        "Our Facebook posts per week score .95 against peers [1].",
        "Our Facebook posts per week rank between the 7th and the 95th percentile [1].",
    ],
)
def test_ranks_multipliers_signs_and_ranges_are_checked(claim):
    assert not verify_answer(claim, {1: RANKED}).ok


def test_the_true_rank_passes():
    assert verify_answer("Our Facebook posts per week rank 15 of 16, at the 7th percentile [1].", {1: RANKED}).ok


@pytest.mark.parametrize(
    "claim",
    [
        "The council spent £1.2 billion on print [2].",  # scale
        "The council spent $1.2 million on print [2].",  # currency
        "45% of councils responded to the budget survey [2].",  # unit: a count stated as a share
        "The council reached 3,500 households in 2021 [2].",  # wrong year
        "The council spent £1.2 million on print, reaching 2,300 households in 2023 [2].",  # another figure
    ],
)
def test_scale_unit_currency_and_year_must_match(claim):
    sources = {2: "LGA › Budgets\nThe council spent £1.2 million on print, reaching 3,500 households in 2023. "
                  "45 councils responded to the budget survey."}
    assert not verify_answer(claim, sources).ok


def test_negation_of_the_source_fails():
    report = verify_answer("Adults aged 65+ do not use Facebook [1].", SOURCES)
    assert any("negation" in p for p in report.sentences[0].problems)


def test_brackets_bold_and_colons_exempt_nothing():
    for line in ("(Independent research proves social media cuts complaints by a third.)",
                 "**Social media always pays for itself**", "Councils that post daily halve complaints:"):
        report = verify_answer(f"{line}\nHalf (50%) of adults aged 65+ use Facebook [1].", SOURCES)
        assert not report.ok and "makes a claim without a citation" in report.sentences[0].problems


def test_only_the_outline_headings_gap_notes_and_fixed_labels_are_exempt():
    text = ("**Be honest about**\n- Half (50%) of adults aged 65+ use Facebook. [1] (counter-evidence: be ready for it)\n"
            "**Who has done it**\n(No evidence yet: add a case study)")
    assert verify_answer(text, SOURCES, headings=["Be honest about", "Who has done it"],
                         exempt=["(No evidence yet: add a case study)"]).ok
    assert not verify_answer(text, SOURCES).ok  # without the outline, the headings are claims


def test_a_figure_from_another_part_of_the_source_fails():
    card = ("Pew › Evidence F04\n45% of Americans aged 65+ use some form of social media (close to half), as do 73% "
            "of 50-64s.\nFigure: 45% using any social media. Year: 2021.")
    assert verify_answer("45% of Americans aged 65+ use some form of social media [1].", {1: card}).ok
    assert not verify_answer("73% of Americans aged 65+ use some form of social media [1].", {1: card}).ok
    assert not verify_answer("45% of UK adults aged 65+ use some form of social media [1].", {1: card}).ok


def test_comparatives_must_agree():
    assert not verify_answer("Facebook use by adults aged 65+ fell from 39% in 2019 [1].", SOURCES).ok
    assert verify_answer("Facebook use by adults aged 65+ is up from 39% in 2019 [1].", SOURCES).ok


def test_the_embedder_picks_the_best_sentence_and_refuses_what_no_sentence_says():
    from bot.index.embedder import MiniLMEmbeddings

    verifier = Verifier(MiniLMEmbeddings(threads=1))
    assert verifier.verify("Half of adults aged 65+ use Facebook, up from 39% in 2019 [1].", SOURCES).ok
    report = verifier.verify("Most pensioners prefer printed leaflets to Facebook [1].", SOURCES)
    assert not report.ok


def test_fixed_lines_agree_with_the_follow_up_module():
    from bot.agent import followup, labels

    assert {followup.SOURCES_LEAD, followup.NO_SOURCES} <= labels.FIXED_LINES
