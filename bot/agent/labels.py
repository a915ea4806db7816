"""Fixed lines Upward writes itself, which the verifier accepts without a citation.

Everything else in an answer is a claim and needs one. These are short labels (five words or
fewer: the default section headings of a composed answer and the notes after a quoted source)
and a few fixed lines: the sample-data notice, true by construction (it is added only when the
answer cites sample data), and the lead line of the sources follow-up. A structured answer's own outline headings and gap notes are exempted by the
caller, who knows the outline.
"""

from __future__ import annotations

# Headings of an unstructured composed answer, by the kind of source under them.
SECTION_TITLES = {
    "audit": "Your own numbers",
    "evidence": "What the evidence says",
    "peer": "Who has done it",
    "public": "What the public is saying",
    "guidance": "How to use this",
}
COUNTER_LABEL = "counter-evidence: be ready for it"
SECOND_HAND_LABEL = "second-hand report"
SAMPLE_NOTE = "Sample data: the own figures below come from a fictional council."
# The "what's our source?" follow-up's lead line and its empty reply (bot/agent/followup.py).
SOURCES_LEAD = "The last answer rests on these sources:"
NO_SOURCES = "(The last answer cited no sources.)"

MAX_LABEL_WORDS = 5
FIXED_LABELS = frozenset(
    label.casefold() for label in (*SECTION_TITLES.values(), COUNTER_LABEL, SECOND_HAND_LABEL)
)
assert all(len(label.split()) <= MAX_LABEL_WORDS for label in FIXED_LABELS)
FIXED_LINES = frozenset({SAMPLE_NOTE, SOURCES_LEAD, NO_SOURCES})
