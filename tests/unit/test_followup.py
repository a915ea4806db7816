"""Follow-ups: classification (pure), and shorter / sources replies that must still verify.

The answers at the end of this file are real composed answers from the shipped knowledge base
and the fictional sample audit, so shortening is tested on the shapes Upward actually produces.
"""

import re

import pytest

from bot.agent.followup import NO_SOURCES, SOURCES_LEAD, FollowUp, classify_followup, shorten, sources_reply
from bot.agent.verify import cited_numbers, split_sentences, verify_answer

AUDIENCES = {
    "finance_director": ["finance director", "fd", "cfo", "director of finance"],
    "chief_constable": ["chief constable"],
    "councillors": ["councillors", "councillor", "members"],
    "legal": ["legal", "lawyers"],
    "chief_executive": ["chief executive", "chief exec", "ceo"],
    "director_public_health": ["director of public health"],
}


def lookup(text: str) -> str | None:
    lowered = text.lower()
    for audience, names in AUDIENCES.items():
        if any(re.search(rf"\b{re.escape(n)}\b", lowered) for n in names):
            return audience
    return None


def classify(message: str, *, previous: bool = True) -> FollowUp:
    return classify_followup(message, has_previous_answer=previous, audience_lookup=lookup)


SHORTER = [
    "shorter", "make it shorter", "too long", "That's too long.", "can you cut that down", "tl;dr",
    "TL;DR?", "summarise that in two lines", "one paragraph please", "Shorter please, thanks!",
    "Can I have the short version?", "In one sentence?", "Sum it up for me",
]
LONGER = ["more detail", "longer", "expand on that", "Can you go into more detail?", "Tell me more about that"]
AUDIENCE = [
    ("now for the finance director", "finance_director"),
    ("what about for the chief constable?", "chief_constable"),
    ("What about the chief constable?", "chief_constable"),
    ("reframe it for councillors", "councillors"),
    ("how would I pitch that to the FD", "finance_director"),
    ("same again for legal", "legal"),
    ("Do the same for the chief constable", "chief_constable"),
    ("Can you write this for the finance director?", "finance_director"),
    ("Make it shorter for the finance director", "finance_director"),
    ("What if I'm presenting to councillors?", "councillors"),
    ("How would that land with the chief exec?", "chief_executive"),
    ("Could you rewrite this for our director of public health?", "director_public_health"),
    ("The CFO version please", "finance_director"),
    ("For the chief constable instead?", "chief_constable"),
    ("And for members?", "councillors"),
    ("Now the FD", "finance_director"),
    ("Explain it to legal", "legal"),
]
SOURCES = [
    "what's our source for that?", "where does that figure come from?", "sources?", "can you cite that",
    "how do we know that", "who said that?", "Where\u2019s that from?", "Is that true?", "What's that based on?",
    "Can you back that up?",
]
NEW_QUESTIONS = [
    "What does the finance director think about TikTok?",  # names an audience, asks something new
    "What about TikTok?",  # "what about" a topic, not an audience
    "How do I make the case for TikTok to councillors?",
    "For councillors, what matters most?",
    "What about the budget for the FD?",
    "What should I say to the finance director about budgets?",
    "How do I write a briefing note for the chief executive about our Facebook results?",
    "Write a post for councillors about bin collections",
    "Should we use TikTok for young people?",
    "Is a shorter video better on TikTok?",  # a length word inside a new question
    "Why are our posts too long?",
    "Summarise the Ofcom report on older people",
    "Give me a one-line summary of the Pew evidence",
    "Are longer videos better on Facebook?",
    "Tell me more about TikTok for councils",
    "What are the best sources of data on older people's social media use?",
    "How do we know if a campaign worked?",
    "Who said social media is a fad?",
    "Where do older people get their news from?",
    "What is the citation rate for police on X?",
    "Is that true that older people don't use Facebook?",
    "Now TikTok",
    "Thanks!",
    "",
]


@pytest.mark.parametrize("message", SHORTER)
def test_shorter(message):
    assert classify(message) == FollowUp("shorter")


@pytest.mark.parametrize("message", LONGER)
def test_longer(message):
    assert classify(message) == FollowUp("longer")


@pytest.mark.parametrize("message,audience", AUDIENCE)
def test_audience(message, audience):
    assert classify(message) == FollowUp("audience", audience=audience)


@pytest.mark.parametrize("message", SOURCES)
def test_sources(message):
    assert classify(message) == FollowUp("sources")


@pytest.mark.parametrize("message", NEW_QUESTIONS)
def test_new_questions_are_not_follow_ups(message):
    assert classify(message) == FollowUp("none")


@pytest.mark.parametrize("message", [SHORTER[0], LONGER[0], AUDIENCE[0][0], SOURCES[0]])
def test_nothing_is_a_follow_up_without_a_previous_answer(message):
    assert classify(message, previous=False) == FollowUp("none")


def test_audience_needs_the_lookup_to_know_it():
    assert classify("reframe it for the procurement board") == FollowUp("none")


def test_a_long_message_is_never_an_audience_follow_up():
    message = "now for the finance director " + "and " * 10 + "the chief executive"
    assert len(message.split()) > 14
    assert classify(message).kind != "audience"


# --------------------------------------------------------------------------------------------
# shorten
# --------------------------------------------------------------------------------------------


def sources_of(answer: dict) -> dict[int, str]:
    return {c["n"]: c["text"] for c in answer["citations"]}


def claims(text: str) -> list[str]:
    return split_sentences(text)


def test_fixtures_verify_as_they_are():
    for answer in (OLDER_PEOPLE, OWN_DATA, POLICE):
        assert verify_answer(answer["answer"], sources_of(answer)).ok


@pytest.mark.parametrize("answer", ["OLDER_PEOPLE", "OWN_DATA", "POLICE"])
@pytest.mark.parametrize("max_sentences", [1, 2, 3, 4, 10])
def test_shortened_answers_still_verify(answer, max_sentences):
    full = globals()[answer]
    short = shorten(full, max_sentences=max_sentences)
    report = verify_answer(short, sources_of(full))
    assert report.ok, [s.problems for s in report.sentences if s.problems]
    assert len(report.sentences) <= max_sentences
    assert all(s.citations and not s.framing for s in report.sentences)
    assert "**" not in short and "second-hand report)" not in short.split("[")[-1]


def test_shorten_takes_the_first_claim_of_each_section_in_order():
    short = shorten(POLICE)  # sections: evidence [1][2], peer [3][4], guidance [5]
    assert [cited_numbers(s) for s in claims(short)] == [[1], [3], [5]]
    assert short.startswith("During the January 2011 floods the Queensland Police Service")
    assert "20,000 to 160,000" in short


def test_shorten_keeps_each_sentence_word_for_word_with_its_markers():
    kept = claims(shorten(POLICE, max_sentences=5))
    assert len(kept) == 5
    for sentence in kept:
        assert f"- {sentence}" in POLICE["answer"] or f" {sentence}" in POLICE["answer"]


def test_shorten_fills_from_second_claims_with_own_data_first():
    # Own numbers has four audit claims, How to use this one guidance claim.
    assert [cited_numbers(s) for s in claims(shorten(OWN_DATA))] == [[1], [2], [5]]
    assert [cited_numbers(s) for s in claims(shorten(OWN_DATA, max_sentences=1))] == [[1]]


def test_shorten_prefers_own_data_and_evidence_when_it_must_choose():
    answer = {
        "answer": "**How to use this**\n- Plan a mix of channels for every audience you serve. [3]\n\n"
        "**What the evidence says**\n- Half (50%) of adults aged 65+ use Facebook every week. [2]\n\n"
        "**Your own numbers**\n- Our response rate was 72.2% across every channel last year. [1]",
        "citations": [
            {"n": 1, "kind": "audit", "text": "Our response rate was 72.2% across every channel last year."},
            {"n": 2, "kind": "evidence", "text": "Half (50%) of adults aged 65+ use Facebook every week."},
            {"n": 3, "kind": "guidance", "text": "Plan a mix of channels for every audience you serve."},
        ],
    }
    assert [cited_numbers(s) for s in claims(shorten(answer, max_sentences=1))] == [[1]]
    # Chosen by priority, shown in the answer's own order.
    assert [cited_numbers(s) for s in claims(shorten(answer, max_sentences=2))] == [[2], [1]]
    assert verify_answer(shorten(answer, max_sentences=2), sources_of(answer)).ok


def test_shorten_puts_counter_evidence_last():
    answer = {
        "answer": "**Acknowledge the concern**\n- You're right that some older residents are best reached by post. [1]\n\n"
        "**Be honest about**\n- Americans aged 65+ rely more on news websites than on social media for news. [2] "
        "(counter-evidence: be ready for it; second-hand report)\n\n"
        "**What the evidence says**\n- Counterpoint (dated): in 2010 only 20% rated government posts important. [3]\n"
        "- Half (50%) of adults aged 65+ use Facebook every week. [4]\n\n"
        "**The ask**\n- Agree that social media is planned as one part of a channel mix. [5]",
        "citations": [
            {"n": 1, "kind": "guidance", "text": "You're right that some older residents are best reached by post."},
            {"n": 2, "kind": "evidence", "text": "Americans aged 65+ rely more on news websites than on social media for news."},
            {"n": 3, "kind": "evidence", "text": "Counterpoint (dated): in 2010 only 20% rated government posts important."},
            {"n": 4, "kind": "evidence", "text": "Half (50%) of adults aged 65+ use Facebook every week."},
            {"n": 5, "kind": "guidance", "text": "Agree that social media is planned as one part of a channel mix."},
        ],
    }
    # Counterpoints [2] and [3] wait until every other claim is in; [4] is its section's first claim.
    assert [cited_numbers(s) for s in claims(shorten(answer, max_sentences=3))] == [[1], [4], [5]]
    assert [cited_numbers(s) for s in claims(shorten(answer, max_sentences=2))] == [[1], [4]]
    assert [cited_numbers(s) for s in claims(shorten(answer, max_sentences=4))] == [[1], [2], [4], [5]]
    assert "counter-evidence" not in shorten(answer, max_sentences=5)
    assert verify_answer(shorten(answer, max_sentences=5), sources_of(answer)).ok


def test_shorten_adds_a_full_stop_so_sentences_stay_apart():
    answer = {
        "answer": "- Our response rate was 72.2% last year [1]\n- Half (50%) of adults aged 65+ use Facebook [2]",
        "citations": [
            {"n": 1, "kind": "audit", "text": "Our response rate was 72.2% last year."},
            {"n": 2, "kind": "evidence", "text": "Half (50%) of adults aged 65+ use Facebook."},
        ],
    }
    short = shorten(answer)
    assert short == "Our response rate was 72.2% last year. [1] Half (50%) of adults aged 65+ use Facebook. [2]"
    assert len(claims(short)) == 2 and verify_answer(short, sources_of(answer)).ok


def test_shorten_leaves_an_answer_without_citations_alone():
    refusal = {"answer": "The knowledge base has no evidence on this point, so Upward will not guess.", "citations": []}
    assert shorten(refusal) == refusal["answer"]


def test_shorten_refuses_zero_sentences():
    with pytest.raises(ValueError):
        shorten(POLICE, max_sentences=0)


# --------------------------------------------------------------------------------------------
# sources_reply
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["OLDER_PEOPLE", "OWN_DATA", "POLICE"])
def test_sources_reply_verifies_against_its_own_provenance(answer):
    full = globals()[answer]
    text, provenance = sources_reply(full)
    report = verify_answer(text, provenance)
    assert report.ok, [s.problems for s in report.sentences if s.problems]
    lines = text.splitlines()
    assert lines[0] == SOURCES_LEAD
    assert [cited_numbers(line) for line in lines[1:]] == [[c["n"]] for c in full["citations"]]
    assert set(provenance) == {c["n"] for c in full["citations"]}


def test_sources_reply_lines_state_title_publisher_year_strength_and_url():
    text, provenance = sources_reply(POLICE)
    assert text.splitlines()[1] == (
        "- [1] Qld police are pioneers in social media (9News/AAP, 4 Apr 2013) \u2014 AAP (via 9News), 2013 "
        "(published evidence). http://www.9news.com.au/national/2013/04/04/15/57/qld-police-are-pioneers-in-social-media"
    )
    assert text.splitlines()[3].endswith("2014 (peer example). https://www.ncjrs.gov/app/publications/abstract.aspx?ID=266841")
    assert text.splitlines()[5] == "- [5] Answering common leadership objections \u2014 Upward, 2026 (guidance)."
    assert provenance[5] == "Answering common leadership objections \u2014 Upward, 2026 (guidance)."


def test_sources_reply_names_audit_files():
    text, _ = sources_reply(OWN_DATA)
    assert "- [2] Audit: Facebook, Engagement rate (per reach) \u2014 Your audit data (fictional sample), 2026 " \
           "(your own audit data, computed from facebook_posts.csv)." in text
    assert "[1] Proposed goal: Facebook, Engagement rate (per reach) \u2014 Your audit data (fictional sample), " \
           "2026 (your own audit data)." in text


@pytest.mark.parametrize("citation,label", [
    ({"kind": "evidence", "strength": "primary"}, "primary source"),
    ({"kind": "evidence", "strength": "second-hand"}, "second-hand report"),
    ({"kind": "evidence"}, "published evidence"),
    ({"kind": "public", "strength": "primary"}, "public comments you imported"),
    ({"kind": "guidance"}, "guidance"),
    ({"kind": "audit", "strength": "primary"}, "your own audit data"),
])
def test_strength_labels(citation, label):
    base = {"n": 1, "id": "x", "title": "A title", "text": "whatever"}
    text, provenance = sources_reply({"citations": [{**base, **citation}]})
    assert text.splitlines()[1] == f"- [1] A title ({label})."
    assert verify_answer(text, provenance).ok


def test_sources_reply_skips_missing_parts_and_survives_awkward_titles():
    answer = {"citations": [
        {"n": 2, "id": "b", "kind": "evidence", "title": "Is social media worth it? A review by Dr. Smith",
         "publisher": "Ofcom", "year": None, "url": None, "text": "...", "strength": "primary"},
        {"n": 1, "id": "a", "kind": "evidence", "title": "Adults' media\nuse and attitudes 2024.",
         "publisher": None, "year": "2024", "url": "https://www.ofcom.org.uk/x", "text": "..."},
    ]}
    text, provenance = sources_reply(answer)
    lines = text.splitlines()
    assert lines[1] == "- [1] Adults' media use and attitudes 2024 \u2014 2024 (published evidence). https://www.ofcom.org.uk/x"
    assert lines[2].startswith("- [2] Is social media worth it?")
    assert "Ofcom (primary source)." in lines[2]
    report = verify_answer(text, provenance)
    assert report.ok, [s.problems for s in report.sentences if s.problems]


def test_sources_reply_without_citations():
    text, provenance = sources_reply({"answer": "No evidence.", "citations": []})
    assert (text, provenance) == (NO_SOURCES, {})
    assert verify_answer(text, provenance).ok


# --------------------------------------------------------------------------------------------
# Real composed answers (shipped knowledge base; fictional sample audit)
# --------------------------------------------------------------------------------------------

OLDER_PEOPLE = {'answer': '**What the evidence says**\n'
           '- 45% of Americans aged 65+ use some form of social media (close to half), as do 73% '
           'of 50-64s. [1] (second-hand report)\n'
           '- Social media use among Americans aged 65+ more than tripled, from 11% in 2010 to 35% '
           'in 2015. [2] (second-hand report)\n'
           '\n'
           '**How to use this**\n'
           '- Pew Research Center (2024, second-hand report) found 60% of US adults aged 65+ use '
           'YouTube, and Pew (2021, second-hand report) found 45% of Americans 65+ used some '
           'social media. [3] Ofcom (2017) found 48% of UK internet users aged 65-74 had a social '
           'media profile. [3]\n'
           '- Leaders often hold strong views about social media: that it is a waste of time, full '
           'of fake news, a risk, or only for young people. [4] Arguing opinion against opinion '
           'rarely works, and your own enthusiasm for social media counts for no more than their '
           'scepticism. [4]\n'
           '- Some leaders still treat social media as a fashion that will fade. [5] Eurostat '
           '(2020) reported that participation in social networks among EU people aged 16-74 rose '
           'steadily from 36% in 2011 to 54% in 2019. [5]',
 'citations': [{'n': 1,
                'id': 'b15c6ae56b76344ca2dd1b3634228f8d',
                'kind': 'evidence',
                'title': "Pew 'Social Media Use in 2021' (Apr 2021), as reported by ETCentric",
                'publisher': 'Pew Research Center (reported by ETCentric)',
                'year': '2021',
                'url': 'https://www.etcentric.org/pew-research-study-finds-social-media-use-remains-stable/',
                'text': "Pew 'Social Media Use in 2021' (Apr 2021), as reported by ETCentric › "
                        'Evidence F04 › use_by_age\n'
                        '45% of Americans aged 65+ use some form of social media (close to half), '
                        'as do 73% of 50-64s.\n'
                        'Figure: 45% using any social media. Population: US adults 65+ (50-64: '
                        '73%). Year: 2021.\n'
                        'Source: Pew Research Center (reported by ETCentric), "Pew \'Social Media '
                        'Use in 2021\' (Apr 2021), as reported by ETCentric" (second-hand '
                        'source).\n'
                        'Answers the objection: only for young people'},
               {'n': 2,
                'id': 'd4c8f6c6d4fff219f522d8459c73356d',
                'kind': 'evidence',
                'title': 'A majority of U.S. adults now use social media - Pew study (Reuters, Oct '
                         '2015)',
                'publisher': 'Pew Research Center (reported by Reuters)',
                'year': '2015',
                'url': 'https://www.yahoo.com/movies/s/majority-u-adults-now-social-media-pew-study-034654554.html',
                'text': 'A majority of U.S. adults now use social media - Pew study (Reuters, Oct '
                        '2015) › Evidence F06 › use_by_age\n'
                        'Social media use among Americans aged 65+ more than tripled, from 11% in '
                        '2010 to 35% in 2015.\n'
                        'Figure: 35 (from 11 in 2010)% using social media. Population: US adults '
                        '65+. Year: 2015.\n'
                        'Source: Pew Research Center (reported by Reuters), "A majority of U.S. '
                        'adults now use social media - Pew study (Reuters, Oct 2015)" (second-hand '
                        'source).\n'
                        'Answers the objection: only for young people'},
               {'n': 3,
                'id': 'ef176e0c538f6dfe75bfd1927ceece33',
                'kind': 'guidance',
                'title': 'Answering common leadership objections',
                'publisher': 'Upward',
                'year': '2026',
                'url': None,
                'text': 'Answering common leadership objections › "Social media is only for young '
                        'people"\n'
                        '**Reframe**: many older people are active online, and the platforms '
                        'public bodies use most have\n'
                        'broad age profiles. But some older people are better reached by other '
                        'channels, so plan a mix.\n'
                        '\n'
                        '**Evidence that answers it**: age-specific usage data. Pew Research '
                        'Center (2024, second-hand\n'
                        'report) found 60% of US adults aged 65+ use YouTube, and Pew (2021, '
                        'second-hand report) found 45%\n'
                        'of Americans 65+ used some social media. Ofcom (2017) found 48% of UK '
                        'internet users aged 65-74 had\n'
                        'a social media profile. Statistics Canada (2023) found 43.5% of Canadians '
                        '65+ used social\n'
                        'networking. Counterpoints: Eurostat (2020) found only 18% of EU 65-74s '
                        'used social networks in\n'
                        '2019, and Ofcom (2024, second-hand report) found only 28% of UK adults '
                        '55+ use social media for\n'
                        'news. Keep the website and other channels strong.'},
               {'n': 4,
                'id': 'c50a45b923a14808575ae8bda24dc857',
                'kind': 'guidance',
                'title': 'Influencing up: taking the case to senior leaders',
                'publisher': 'Upward',
                'year': '2026',
                'url': None,
                'text': 'Influencing up: taking the case to senior leaders › Leave personal '
                        'opinions at the door\n'
                        'Leaders often hold strong views about social media: that it is a waste of '
                        'time, full of fake\n'
                        'news, a risk, or only for young people. Some of these views have a grain '
                        'of truth; most are broad\n'
                        'generalisations. Arguing opinion against opinion rarely works, and your '
                        'own enthusiasm for social\n'
                        'media counts for no more than their scepticism.\n'
                        '\n'
                        'Shift the conversation to evidence. Ask what would change their mind, '
                        'then bring data: your own\n'
                        'audit, national statistics, and results from comparable organisations. '
                        'Numbers will not settle\n'
                        'every question, but they move the discussion from "I think" to "we '
                        'know".'},
               {'n': 5,
                'id': '5e7a36e210030ccefcfa9435b0223a9b',
                'kind': 'guidance',
                'title': 'Why a digital strategy should run for 12 to 18 months',
                'publisher': 'Upward',
                'year': '2026',
                'url': None,
                'text': 'Why a digital strategy should run for 12 to 18 months › Social media is '
                        'not a passing fad\n'
                        'Some leaders still treat social media as a fashion that will fade. The '
                        'long-run data say\n'
                        'otherwise. Pew Research Center (2015) found US adult use of social '
                        'networking sites rose from 7%\n'
                        'in 2005 to 65% in 2015. Eurostat (2020) reported that participation in '
                        'social networks among EU\n'
                        'people aged 16-74 rose steadily from 36% in 2011 to 54% in 2019. Pew '
                        'Research Center (2021,\n'
                        'second-hand report) found overall US use at about 72%, stable for five '
                        'years.\n'
                        '\n'
                        'So the strategy horizon is short not because social media might '
                        'disappear, but because the\n'
                        'details of how to use it well change quickly.'}]}

OWN_DATA = {'answer': '**Your own numbers**\n'
           '- A goal we propose for the next 12 months: Raise Facebook engagement per person '
           'reached from 3.59% to 4.00% (the peer median) by 31 October 2027. [1]\n'
           '- Our Facebook engagement rate (per reach) in the 12 months to October 2026: 3.59%, up '
           '1.66 percentage points on 1.93% in the 12 months to October 2025. [2]\n'
           '- Our Facebook engagement rate (per post per follower) in the 12 months to October '
           '2026 was 0.168%, above the published benchmark of 0.063% (F47). [3]\n'
           '- Our Facebook engagement rate (per follower) in the 12 months to October 2026: 63.2%, '
           'up 34.2 percentage points on 29.0% in the 12 months to October 2025. [4]\n'
           '\n'
           '**How to use this**\n'
           '- Rival IQ (2019, second-hand report) defines it as the engagements a post receives '
           "divided by the account's followers, averaged across posts. [5] For scale, Rival IQ "
           '(2024, second-hand report) put the all-industry median Facebook engagement rate at '
           '0.063% per post per follower, with TikTok highest at 2.63%. [5]',
 'citations': [{'n': 1,
                'id': 'df9b6e1585d8d8e488bd83efad2bfcb6',
                'kind': 'audit',
                'title': 'Proposed goal: Facebook, Engagement rate (per reach)',
                'publisher': 'Your audit data (fictional sample)',
                'year': '2026',
                'url': None,
                'text': 'Proposed goal: Facebook, Engagement rate (per reach) › the 12 months to '
                        'October 2026\n'
                        'A goal we propose for the next 12 months: Raise Facebook engagement per '
                        'person reached from 3.59% to 4.00% (the peer median) by 31 October 2027. '
                        'Why: Behind the peer median: 3.59% against a median of 4.00% across 13 '
                        'like-for-like peers (rank 9 of 14); the top quartile is 4.60%. Some '
                        "peers' figures cover other periods. Measured by: Meta Business Suite "
                        'export for Facebook (posts and Page insights); (reactions + comments + '
                        'shares) ÷ reach × 100; over the 12 months to October 2027 (evaluation '
                        'stage: outtakes).'},
               {'n': 2,
                'id': 'a609c4cce3aef550128ddfeb720ecea3',
                'kind': 'audit',
                'title': 'Audit: Facebook, Engagement rate (per reach)',
                'publisher': 'Your audit data (fictional sample)',
                'year': '2026',
                'url': None,
                'text': 'Audit: Facebook, Engagement rate (per reach) › the 12 months to October '
                        '2026\n'
                        'Our Facebook engagement rate (per reach) in the 12 months to October '
                        '2026: 3.59%, up 1.66 percentage points on 1.93% in the 12 months to '
                        'October 2025.\n'
                        'Formula: (reactions + comments + shares) ÷ reach × 100. Computed from '
                        'facebook_posts.csv.'},
               {'n': 3,
                'id': 'ad148cde7c3cab32155558055c3a51b8',
                'kind': 'audit',
                'title': 'Published benchmark F47: Engagement rate (per post per follower)',
                'publisher': 'Your audit data (fictional sample)',
                'year': '2026',
                'url': None,
                'text': 'Published benchmark F47: Engagement rate (per post per follower) › the 12 '
                        'months to October 2026\n'
                        'Our Facebook engagement rate (per post per follower) in the 12 months to '
                        'October 2026 was 0.168%, above the published benchmark of 0.063% (F47). '
                        'Rival IQ 2024 report (second-hand summary): all-industry median for '
                        'Facebook across about 2,100 brands in 14 industries, commercial and '
                        'non-profit rather than public sector. (evidence card F47)'},
               {'n': 4,
                'id': '172ca6d4d4ea71caa4ca8e5b75ac632d',
                'kind': 'audit',
                'title': 'Audit: Facebook, Engagement rate (per follower)',
                'publisher': 'Your audit data (fictional sample)',
                'year': '2026',
                'url': None,
                'text': 'Audit: Facebook, Engagement rate (per follower) › the 12 months to '
                        'October 2026\n'
                        'Our Facebook engagement rate (per follower) in the 12 months to October '
                        '2026: 63.2%, up 34.2 percentage points on 29.0% in the 12 months to '
                        'October 2025.\n'
                        'Formula: (reactions + comments + shares) ÷ followers at period end × 100. '
                        'Computed from facebook_page_daily.csv, facebook_posts.csv.'},
               {'n': 5,
                'id': 'e90eb1b0e46c4721884c6429b30b91ee',
                'kind': 'guidance',
                'title': 'Audit and benchmark: where you stand now',
                'publisher': 'Upward',
                'year': '2026',
                'url': None,
                'text': 'Audit and benchmark: where you stand now › Calculating engagement rate '
                        'consistently\n'
                        'Engagement rate is the number leaders will ask about, and the one most '
                        'often calculated in\n'
                        'different ways. Rival IQ (2019, second-hand report) defines it as the '
                        'engagements a post receives divided\n'
                        "by the account's followers, averaged across posts. Use one definition for "
                        'every channel and every year, and say which\n'
                        'one you used.\n'
                        '\n'
                        'For scale, Rival IQ (2024, second-hand report) put the all-industry '
                        'median Facebook engagement\n'
                        'rate at 0.063% per post per follower, with TikTok highest at 2.63%. These '
                        'are medians across\n'
                        'commercial and non-profit industries, not public-sector targets. If your '
                        'rate looks small, that\n'
                        'is normal for organic social media; the comparison that matters is with '
                        'your own past\n'
                        'performance and with similar public bodies.'}]}

POLICE = {'answer': '**What the evidence says**\n'
           '- During the January 2011 floods the Queensland Police Service Facebook audience went '
           'from 20,000 to 160,000 in three days (eightfold) as it became the go-to official '
           'source. [1] (second-hand report)\n'
           '- Harvard Kennedy School: Boston Police used Twitter in the 2013 Marathon bombing to '
           'inform, calm, request help and correct press errors. [2]\n'
           '\n'
           '**Who has done it**\n'
           '- The value of the case is qualitative: a respected police leadership report, '
           "published by the US National Institute of Justice, treats the department's social "
           'media use as a model of how police can lead public communication in a crisis and '
           'correct errors in real time. [3]\n'
           '- AAP (via 9News), "Qld police are pioneers in social media", 4 April 2013, 2013. '
           'http://www.9news.com.au/national/2013/04/04/15/57/qld-police-are-pioneers-in-social-media. '
           '[4] Science Communication (Vraga & Bode), "Using Expert Sources to Correct Health '
           'Misinformation in Social Media", 2017. [4]\n'
           '\n'
           '**How to use this**\n'
           '- Reframe: the question is not whether social media is fun, but whether the public '
           'uses it to find information and contact services. [5] Ofcom (2024, second-hand report) '
           'found 52% of UK adults use social media for news. [5]',
 'citations': [{'n': 1,
                'id': 'c97b954588c457a2f4f592174733ccbe',
                'kind': 'evidence',
                'title': 'Qld police are pioneers in social media (9News/AAP, 4 Apr 2013)',
                'publisher': 'AAP (via 9News)',
                'year': '2013',
                'url': 'http://www.9news.com.au/national/2013/04/04/15/57/qld-police-are-pioneers-in-social-media',
                'text': 'Qld police are pioneers in social media (9News/AAP, 4 Apr 2013) › '
                        'Evidence F66 › public_sector_example\n'
                        'During the January 2011 floods the Queensland Police Service Facebook '
                        'audience went from 20,000 to 160,000 in three days (eightfold) as it '
                        'became the go-to official source.\n'
                        'Figure: 20,000 to 160,000 followers. Population: Queensland Police '
                        'Service Facebook page, Jan 2011. Year: 2013.\n'
                        'Source: AAP (via 9News), "Qld police are pioneers in social media '
                        '(9News/AAP, 4 Apr 2013)" (second-hand source).\n'
                        'Answers the objection: too risky / waste of time'},
               {'n': 2,
                'id': '4ee045c80054a1de12f9f0cbff459d7c',
                'kind': 'evidence',
                'title': 'Social Media and Police Leadership: Lessons From Boston (March 2014) - '
                         'NCJRS abstract',
                'publisher': 'National Institute of Justice / Harvard Kennedy School, New '
                             'Perspectives in Policing (Davis, Alves & Sklansky, NCJ 244760)',
                'year': '2014',
                'url': 'https://www.ncjrs.gov/app/publications/abstract.aspx?ID=266841',
                'text': 'Social Media and Police Leadership: Lessons From Boston (March 2014) - '
                        'NCJRS abstract › Evidence F70 › public_sector_example\n'
                        'Harvard Kennedy School: Boston Police used Twitter in the 2013 Marathon '
                        'bombing to inform, calm, request help and correct press errors.\n'
                        'Figure: n/a -. Population: Boston, April 2013. Year: 2014.\n'
                        'Source: National Institute of Justice / Harvard Kennedy School, New '
                        'Perspectives in Policing (Davis, Alves & Sklansky, NCJ 244760), "Social '
                        'Media and Police Leadership: Lessons From Boston (March 2014) - NCJRS '
                        'abstract" (primary source).\n'
                        'Answers the objection: fake news / too risky'},
               {'n': 3,
                'id': '6703326c2b675a3a62f4de4944a6e0d2',
                'kind': 'peer',
                'title': 'Boston Police Department: social media after the 2013 Marathon bombing',
                'publisher': 'National Institute of Justice / Harvard Kennedy School',
                'year': '2014',
                'url': 'https://www.ncjrs.gov/app/publications/abstract.aspx?ID=266841',
                'text': 'Boston Police Department: social media after the 2013 Marathon bombing › '
                        'Results\n'
                        'Our evidence base holds no audience or engagement figures for this case, '
                        'so do not quote any.\n'
                        'The value of the case is qualitative: a respected police leadership '
                        'report, published by the US\n'
                        "National Institute of Justice, treats the department's social media use "
                        'as a model of how police\n'
                        'can lead public communication in a crisis and correct errors in real '
                        'time.'},
               {'n': 4,
                'id': '785fc240880af173f29820aab972f85f',
                'kind': 'peer',
                'title': 'Queensland Police Service: the go-to official source during the 2011 '
                         'floods',
                'publisher': 'AAP (via 9News)',
                'year': '2013',
                'url': 'http://www.9news.com.au/national/2013/04/04/15/57/qld-police-are-pioneers-in-social-media',
                'text': 'Queensland Police Service: the go-to official source during the 2011 '
                        'floods › Sources\n'
                        '- AAP (via 9News), "Qld police are pioneers in social media", 4 April '
                        '2013, 2013.\n'
                        'http://www.9news.com.au/national/2013/04/04/15/57/qld-police-are-pioneers-in-social-media.\n'
                        'Strength: second-hand. Evidence card F66.\n'
                        '- Natural Hazards Center, University of Colorado (quoting QPS, "Disaster '
                        'Management and Social\n'
                        'Media - a case study"), "Yes, Virginia, There Is a Use for Government '
                        'Social Media in\n'
                        'Emergencies", 2011. '
                        'https://hazards.colorado.edu/article/yes-virginia-there-is-a-use-for-government-social-media-in-emergencies.\n'
                        'Strength: second-hand. Evidence card F67.\n'
                        '- Science Communication (Vraga & Bode), "Using Expert Sources to Correct '
                        'Health Misinformation in\n'
                        'Social Media", 2017.'},
               {'n': 5,
                'id': 'b687aa64929537a768873af48bffa780',
                'kind': 'guidance',
                'title': 'Answering common leadership objections',
                'publisher': 'Upward',
                'year': '2026',
                'url': None,
                'text': 'Answering common leadership objections › "Social media is a waste of '
                        'time"\n'
                        '**Reframe**: the question is not whether social media is fun, but whether '
                        'the public uses it to\n'
                        'find information and contact services. If they do, being absent costs '
                        'time elsewhere.\n'
                        '\n'
                        '**Evidence that answers it**: audience reach and outcomes. Ofcom (2024, '
                        'second-hand report) found\n'
                        '52% of UK adults use social media for news. Pew Research Center (2024, '
                        'second-hand report) found\n'
                        '83% of US adults use YouTube. Outcome examples persuade most: the Chicago '
                        'Department of Public\n'
                        'Health (2014) reported 150 additional inspections from social listening, '
                        'and NHS Blood and\n'
                        'Transplant (2016) reported 24,000 new donor registrations from a two-week '
                        '#MissingType campaign.\n'
                        'Add your own figures for web visits and tasks completed from social '
                        'posts.'}]}
