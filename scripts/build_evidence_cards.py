#!/usr/bin/env python3
"""Build Upward's evidence cards from the research team's facts table.

Usage:
    python scripts/build_evidence_cards.py ../shared/research/facts.csv knowledge/evidence/facts.csv

Input columns:  id, topic, objection_or_use, claim, figure, unit, population, year,
                publisher, title, url, quote, status
Output columns: id, topic, objection, claim, figure, unit, population, year,
                publisher, title, url, strength, counterpoint

What the script does to each row:
* drops the `quote` column (quotes are kept by the researchers for checking only and must not
  be shipped in the product);
* `strength` is the row's `status` (primary | second-hand);
* `counterpoint` is "true" when the row is counter-evidence: either the researchers tagged the
  objection "(counterpoint)" or the row is listed in COUNTERPOINTS below (a per-row editorial
  decision: the claim cuts against, or limits, the case for public-sector social media);
* `objection` is `objection_or_use` without the "(counterpoint)" tag, which the
  `counterpoint` column now carries;
* `claim` keeps the researchers' paraphrase unless CLAIMS below rewrites it. Rewrites exist so
  that every claim states its headline figure exactly as the `figure` column gives it (the
  answer verifier matches figures against card text), and to fix wording that was unclear
  or went further than the source.

Standard library only. The script checks its own output: every number in `figure` must appear
in the claim, and there must be no duplicate ids. Problems are printed and the exit code is 1.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUTPUT_COLUMNS = [
    "id", "topic", "objection", "claim", "figure", "unit", "population", "year",
    "publisher", "title", "url", "strength", "counterpoint",
]

REQUIRED_INPUT = [
    "id", "topic", "objection_or_use", "claim", "figure", "unit", "population", "year",
    "publisher", "title", "url", "status",
]

VALID_STRENGTH = {"primary", "second-hand"}

# Rows that are counter-evidence even though the researchers did not tag them "(counterpoint)".
# Each is a decision about what the claim says, recorded with the reason.
COUNTERPOINTS: dict[str, str] = {
    "F07": "only a small minority of older Europeans used social networks in 2019",
    "F08": "older Europeans still a minority on social networks in 2020",
    "F23": "a major platform's news role is shrinking",
    "F27": "social media is the least trusted source of news and information",
    "F95": "agencies found compliant social media recordkeeping hard",
    "F97": "online abuse of public figures is frequent and normalised",
    "F102": "many comms staff see abuse on their channels every day",
    "F109": "warns against using channel cost-per-contact averages in a business case",
}

# Claim rewrites: same meaning as the researchers' paraphrase, with the headline figure written
# as in the `figure` column, and unclear or over-stated wording fixed.
CLAIMS: dict[str, str] = {
    "F01": "60% of US adults aged 65+ say they ever use YouTube - a clear majority (vs 93% of 18-29s).",
    "F02": "Only 2 platforms, YouTube and Facebook, are used by a majority of US adults in every age group, including 65+.",
    "F03": "YouTube is the most widely used platform in the US: 83% of US adults (about 8 in 10) say they ever use it.",
    "F04": "45% of Americans aged 65+ use some form of social media (close to half), as do 73% of 50-64s.",
    "F05": "50% (half) of Americans aged 65+ use Facebook, against 70% of 18-29s; Facebook has the narrowest age gap of the major platforms.",
    "F06": "Social media use among Americans aged 65+ more than tripled, from 11% in 2010 to 35% in 2015.",
    "F07": "In the EU in 2019 only 18% of people aged 65-74 took part in social networks (about 1 in 5), against 54% of all 16-74s; country figures went from 9% (Bulgaria) up to 51% (Denmark). Older Europeans are much less present on social media than younger ones.",
    "F08": "By 2020, 22% of EU 65-74s took part in social networks (just over a fifth), ranging from 10% in Croatia to 60% in Denmark - still a minority of this age group.",
    "F09": "48% of UK internet users aged 65-74 had a social media profile (nearly half); among over-75s the share with a profile rose from 19% to 41% since Ofcom's previous survey.",
    "F10": "87% of UK over-65s who use social media have a Facebook account, making Facebook the dominant platform for 'social seniors'.",
    "F11": "UK adults aged 65+ spend 3h10m a day online on average (the UK adult average is 4h20m).",
    "F12": "43.5% of Canadians aged 65+ used social networking sites or apps in 2022 (over 4 in 10), and about half (50.9%) used instant messaging.",
    "F13": "55.4% of Canadians aged 65+ used government online services in 2022 - a majority.",
    "F14": "Social media use by Australians aged 75+ more than doubled in a year, from 18% to 41% (year to June 2020); ACMA linked the rise to COVID-19 restrictions.",
    "F15": "In 2017, for the first time, 55% of Americans aged 50+ got at least some news on social media sites.",
    "F16": "Americans aged 65+ rely more on news websites and apps than on social media for online news: 32% often get news from websites/apps vs 10% often from social media. For this age group a strong website matters as much as social.",
    "F17": "About half of US adults (53%) say they get news from social media at least sometimes; the share has held steady in recent years.",
    "F18": "Facebook (38%) and YouTube (35%) are the leading social platforms for regular news use among US adults - well ahead of the rest.",
    "F19": "In the US, 54% of online adults used social and video platforms for news in the past week, overtaking TV (50%) and news websites/apps (48%).",
    "F20": "In the UK, online sources (71%) have overtaken TV (70%) as a source of news for the first time.",
    "F21": "52% of UK adults now use social media for news, the first time it has passed half (47% the previous year).",
    "F22": "Among UK adults aged 55+, 54% get news online but most go direct to news websites; only 28% use social media for news (vs 82% of 16-24s). A strong web and search presence matters alongside social.",
    "F23": "Facebook's role as a news gateway is shrinking: 28% accessed news via Facebook in 2023 vs 42% in 2016. Do not rely on a single platform.",
    "F24": "Only 40% of people across 47 markets trust most news most of the time - trusted information is scarce.",
    "F25": "59% of people across 47 markets are concerned about what is real or fake online (up from 56% in 2023) - people are looking for reliable sources.",
    "F26": "56% of people across 46 markets (well over half) worry about telling real from fake news online, up 2 points on the year before.",
    "F27": "Of all news and information sources, social media (35%) and organisations' owned media (41%) were trusted least; traditional media stood at 53%. Official channels have to earn credibility; being absent does not fix this.",
    "F28": "Early in the COVID-19 pandemic, 75% (three-quarters) of people in six countries trusted national or international public health organisations, and a majority trusted their national government in 4 of the 6 (all but Spain and the US).",
    "F30": "Across OECD countries, only 39% of people report high or moderately high trust in national government and 44% report low or no trust.",
    "F31": "Trust in government is 43 percentage points higher among people who believe they have a say in what it does than among those who do not. Two-way engagement, not broadcast, is what builds trust.",
    "F32": "Only 41% of people in OECD countries think they could voice their opinion on a decision affecting their community - a listening gap that digital channels can help close.",
    "F33": "Only an estimated 6-8% of the UK public are in politically partisan online news echo chambers.",
    "F37": "69% of EU adults aged 16-74 (seven in ten) used a public authority website or app in the past year (2023 data).",
    "F38": "26% of EU 65-74s (over a quarter) used public authority websites to get information in 2020; older people were less likely to do so than younger ones.",
    "F40": "Counterpoint (dated): in 2010 only 20% (1 in 5) of Americans rated government posting on Facebook/Twitter 'very important', and a quarter said 'not at all important'. Expectations have shifted since, but this shows the case must be made with current data.",
    "F41": "In Q3 2013, government accounts were the slowest responders on social media (14.5 h on average) and answered only 17% of messages that needed a reply.",
    "F42": "1 in 3 (33%) social media users say they will switch to a competitor if a brand ignores them on social, yet brands answered only 11% of inquiries. (Commercial context: residents cannot switch council, but they can turn to other sources.)",
    "F43": "People expect a reply on social media within about 4 hours; the average wait from organisations was about 10 hours.",
    "F45": "90% of social media users (nine in ten) have contacted a brand directly through social media, and more people now go to social first with a problem than to phone or email.",
    "F46": "In an audit study, US cities of over 50,000 people replied to 54% of residents' emailed requests but only 38% of requests sent by tweet; most replies arrived on the same business day.",
    "F47": "Typical organic engagement is small: the all-industry median Facebook engagement rate was 0.063% per post per follower in 2024; TikTok was highest at 2.63%.",
    "F49": "Median Instagram engagement rates by industry run from 0.14% (Health & Beauty) to 2.10% (Higher Education) - public and educational sectors can out-engage commercial brands.",
    "F50": "Benchmarks from different providers are not comparable: per-post figures (Hootsuite, 3.00-4.40% for Instagram) and follower-based figures (Rival IQ, 0.14-2.10%) differ several-fold. Always state the method.",
    "F53": "Government-sector benchmark (Hootsuite data, as summarised by a third party; low confidence): Facebook 1.54%, Instagram 2.31% average post engagement rate (per-post method).",
    "F55": "Google Ads search benchmark: average click-through rate of 3.52% across industries (2020 edition; check newer editions).",
    "F59": "UK GCS guidance (Evaluation Framework 2.0, 2018, since replaced by the GCS Evaluation Cycle) recommended spending 5-10% of campaign budgets on evaluation.",
    "F60": "The OECD says social media presence is no longer optional for governments; by November 2014 the main executive offices ran a Twitter account in 28/34 OECD countries and a Facebook page in 21/34.",
    "F61": "UK GCS: low/no-cost channels (social media, content, partnerships, earned media) are the 'bread and butter' of public-sector comms and can have a significant impact on a limited budget; GCS offers 3 evaluation tiers for them (Basic, Enhanced, Comprehensive).",
    "F64": "Chicago's health department used Twitter to find food-poisoning complaints: over 10 months staff replied to 270 tweets with a link to the FoodBorne Chicago complaint form, 193 complaints came in, 133 restaurants were inspected, 21 (15.8%) failed inspection and a further 33 (24.8%) passed only with conditions for critical or serious violations.",
    "F65": "City of Chicago: in its first year FoodBorne Chicago sorted more than 2,600 tweets about food poisoning; these produced 233 reports to the health department and 150 additional inspections of restaurants and food businesses.",
    "F66": "During the January 2011 floods the Queensland Police Service Facebook audience went from 20,000 to 160,000 in three days (eightfold) as it became the go-to official source.",
    "F68": "NHS Blood and Transplant's #MissingType campaign: 30,000+ new donor registrations in National Blood Week 2015, 20,000 more than in 2014 - a threefold increase.",
    "F69": "#MissingType 2016: 24,000 people in England signed up as new donors over the fortnight of the campaign - 2x the fortnight before - and nearly 8,000 of them joined in the first three days. NHSBT also reported 50,543 Twitter mentions and trending in 10 countries.",
    "F73": "WHO defines 4 types of infodemic-management activity that can serve as objective areas: listening to community concerns, promoting understanding of risk and expert advice, building resilience to misinformation, and empowering communities to act.",
    "F74": "Experiment: when the CDC's own account corrected a false claim, misperceptions fell; one correction posted by an ordinary user did not have that effect.",
    "F76": "WHO shareable myth-busting graphics reduced misperceptions, with effects lasting >1 week (over a week), whether shared pre-emptively or in response to misinformation.",
    "F78": "The OECD sets out 9 good-practice principles for public communication responses to mis- and disinformation.",
    "F81": "LGA: pre-election rules cover every council-run social media account; its 10 tips include telling followers the channel is operating under pre-election rules.",
    "F86": "The Publicity Code has 7 principles; the one that matters before elections is to take special care during periods of heightened sensitivity (not to stop communicating).",
    "F88": "US National Archives: agency social media records must be managed in recordkeeping systems and cannot be deleted without an approved schedule - a defined compliance duty with established rules, not a reason to avoid the channel.",
    "F91": "Since 2014 the UK National Archives has captured government tweets and YouTube videos as part of the official public record; the first release held 65,000 tweets and 7,000 videos.",
    "F95": "NARA's 2023 assessment of 10 federal agencies found they struggled to keep compliant social media records with the tools and guidance available - a real gap that needs capture tools and process.",
    "F102": "Practitioner survey (not a random sample): 36% of UK public sector comms staff saw verbal abuse on their channels daily and 8% saw racist abuse daily - a reason to resource and protect teams.",
    "F104": "UK government estimated that moving transactional services to digital would save £1.7-1.8bn a year for government and service users (transactions, not social media).",
    "F105": "Cabinet Office: an online transaction can cost 20x less than one by phone, 30x less than face-to-face and as much as 50x less than by post (service transactions, not social media posts).",
    "F107": "UK government social channels had about 25m followers in total, and No10 and Cabinet Office content alone made 3bn+ impressions in 2020 - organic reach at national scale.",
    "F108": "Local government channel cost benchmark (Socitm, undated): average cost per contact £0.15 (15p) online vs £2.83 by phone vs £8.62 face-to-face. These are transaction costs, not social media costs; see the caution in F109.",
    "F115": "News use has fragmented: 6 networks now reach 10%+ of people weekly for news, vs 2 a decade ago - an argument for a multi-platform presence rather than betting on one.",
    "F116": "GCS guidance now expects digital teams to reach people who do not follow government accounts by partnering with digital media, influencers and creators - diversification beyond owned accounts.",
}

COUNTERPOINT_TAG = re.compile(r"\s*\(counterpoint\)", re.IGNORECASE)
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def is_counterpoint(row: dict[str, str]) -> bool:
    return "counterpoint" in row["objection_or_use"].lower() or row["id"] in COUNTERPOINTS


def build_card(row: dict[str, str]) -> dict[str, str]:
    strength = row["status"].strip()
    if strength not in VALID_STRENGTH:
        raise ValueError(f"{row['id']}: unknown status {strength!r}")
    claim = CLAIMS.get(row["id"], row["claim"]).strip()
    objection = COUNTERPOINT_TAG.sub("", row["objection_or_use"]).strip()
    return {
        "id": row["id"].strip(),
        "topic": row["topic"].strip(),
        "objection": objection,
        "claim": claim,
        "figure": row["figure"].strip(),
        "unit": row["unit"].strip(),
        "population": row["population"].strip(),
        "year": row["year"].strip(),
        "publisher": row["publisher"].strip(),
        "title": row["title"].strip(),
        "url": row["url"].strip(),
        "strength": strength,
        "counterpoint": "true" if is_counterpoint(row) else "false",
    }


def figure_numbers(figure: str) -> list[str]:
    """Numbers in the figure column that the claim must repeat (years in brackets excluded)."""
    # "35 (from 11 in 2010)": 35 and 11 must appear; 2010 is context, not a figure.
    cleaned = re.sub(r"\b(19|20)\d{2}\b", "", figure)
    # "23 (50-64); 16 (65+)": the bracketed age bands are labels, not figures.
    cleaned = re.sub(r"\((\d+-\d+|\d+\+)\)", "", cleaned)
    return NUMBER.findall(cleaned)


def check(cards: list[dict[str, str]]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for card in cards:
        cid = card["id"]
        if cid in seen:
            problems.append(f"{cid}: duplicate id")
        seen.add(cid)
        for number in figure_numbers(card["figure"]):
            if not re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|\.\d|,\d)", card["claim"]):
                problems.append(f"{cid}: figure {number!r} (from {card['figure']!r}) not in claim")
        if card["unit"].startswith("%"):
            for number in figure_numbers(card["figure"]):
                if f"{number}%" not in card["claim"] and f"{number} %" not in card["claim"]:
                    # ranges such as "5-10%" or "0.14-2.10%" carry the % on the last number only
                    if not re.search(rf"{re.escape(number)}-[\d.]+%", card["claim"]):
                        problems.append(f"{cid}: percentage {number}% not written as a percentage")
    for cid in list(CLAIMS) + list(COUNTERPOINTS):
        if cid not in seen:
            problems.append(f"{cid}: override given for an id that is not in the input")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python scripts/build_evidence_cards.py FACTS_CSV OUTPUT_CSV", file=sys.stderr)
        return 2
    src, dst = Path(argv[1]), Path(argv[2])
    with src.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED_INPUT if c not in (reader.fieldnames or [])]
        if missing:
            print(f"{src}: missing columns {missing}", file=sys.stderr)
            return 1
        cards = [build_card(row) for row in reader if row.get("id", "").strip()]

    problems = check(cards)
    dst.parent.mkdir(parents=True, exist_ok=True)
    with dst.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=OUTPUT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(cards)

    counter = sum(card["counterpoint"] == "true" for card in cards)
    print(f"wrote {len(cards)} evidence cards to {dst} ({counter} counterpoints)")
    for problem in problems:
        print(f"check: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
