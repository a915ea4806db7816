"""What of a user's document may reach the index: the text a person reading it sees, stating
things, not instructions to the assistant that will read it later (prompt injection).

For a document that is not Upward's own shipped knowledge, before chunking:
- invisible characters go (zero-width and bidi marks, Unicode tag characters that smuggle text
  past a reader);
- Markdown loses its HTML comments and raw HTML tags (with script, style and iframe contents),
  its images entirely and its links down to their text, so no outside address rides along;
- a paragraph (or, for HTML, Word and PDF, a line) that talks to an AI (`Ignore previous
  instructions…`, `Note to the assistant: …`, a forged `User: … Assistant: …` transcript) or
  dresses a claim in citation apparatus only Upward adds (`[2]`, `[Source: ONS 2025]`,
  `[VERIFIED BY UPWARD]`: references Upward cannot follow) is dropped whole, and counted.
An evidence-CSV row whose claim is such an instruction is refused by the loader instead.
"""

from __future__ import annotations

import re
import unicodedata

_TAGS = re.compile("[\U000e0000-\U000e007f]")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_HTML_BLOCK = re.compile(r"<(script|style|iframe|object|embed|noscript|template)\b.*?(?:</\1\s*>|$)",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_CITATION_MARK = re.compile(r"\[\s*\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\s*\]")
_PSEUDO_SOURCE = re.compile(
    r"\[[^\]\n]{0,20}\b(?:source|sources|ref|reference|citation|cited|verified|fact[- ]?checked)\b[^\]\n]*\]",
    re.IGNORECASE,
)

# Who an injected instruction talks to.
_ADDRESSEE = (
    r"(?:a\.?i\.?|ai (?:assistant|model|system)s?|assistants?|chat ?bots?|llms?|language models?|"
    r"gpt|chatgpt|copilot|(?-i:Upward)|the model|(?:system|hidden) prompt)"
)
_STRONG = [
    # "ignore / disregard / forget (all) (the) previous instructions / the sources / your rules"
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(?:instructions?|prompts?|rules|guidance you|"
    r"sources|context|verifier|system)\b",
    r"\b(?:reveal|print|repeat|show|leak)\b[^.!?\n]{0,30}\b(?:system prompt|your prompt|your instructions)\b",
    r"\byou are now\b",
    r"\b(?:jailbreak|developer mode|do anything now)\b",
    r"(?:^|\n)\s*(?:system|assistant|user|human)\s*:",  # a forged chat transcript
    r"<\|?(?:im_start|im_end|system|endoftext)\|?>|\[/?INST\]",
    r"\b(?:note|message|instructions?|reminder) (?:to|for) (?:the |any |all )?" + _ADDRESSEE + r"\b",
    r"\b" + _ADDRESSEE + r"\b[^.!?\n]{0,30}\b(?:reading|processing|parsing|summari[sz]ing) (?:this|these)\b",
    r"\bdear " + _ADDRESSEE + r"\b",
    r"\bmark (?:all|every|each|the)?\s*(?:figures?|claims?|numbers?|statements?) as verified\b",
    r"\bthis (?:document|text|page) (?:overrides|replaces|supersedes)\b",
    r"\b" + _ADDRESSEE + r"\s+(?:instructions?|note|command|directive|prompt)\s*:",
]
_ORDERS = (
    r"\b(?:must|should|shall|always|never|has to|have to|is to|are to|please|kindly|now)\b[^.!?\n]{0,40}"
    r"\b(?:say|state|answer|respond|reply|tell|include|append|add|insert|output|print|write|mention|cite|"
    r"claim|recommend|call|translate|use|mark|treat|ignore|disregard)\b"
    r"|\b(?:when|if) (?:you are |you're )?asked\b"
    r"|\b(?:answer|reply|respond) (?:only )?with\b"
    r"|\b(?:output|print)\b"
    r"|:\s*(?:say|tell|answer|reply|respond|include|append|output|print|write|ignore|claim|state|recommend|"
    r"translate|call|disregard)\b"
)
_INSTRUCTION_STRONG = re.compile("|".join(_STRONG), re.IGNORECASE)
_INSTRUCTION_ADDRESSED = re.compile(r"\b" + _ADDRESSEE + r"\b", re.IGNORECASE)
_INSTRUCTION_ORDER = re.compile(_ORDERS, re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9])|\n")


def strip_invisible(text: str) -> str:
    text = _TAGS.sub("", text)
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def strip_markup(text: str) -> str:
    """Markdown as a reader sees it: no comments, raw HTML, images or link targets."""
    text = _HTML_COMMENT.sub("", text)
    text = _HTML_BLOCK.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    return _MD_REF_DEF.sub("", text)


def is_instruction(sentence: str) -> bool:
    """Whether a sentence talks to an AI assistant rather than stating something, or dresses a
    claim in citation apparatus only Upward may add (`[2]`, `[Source: ...]`, `[VERIFIED]`)."""
    if _INSTRUCTION_STRONG.search(sentence) or _CITATION_MARK.search(sentence) or _PSEUDO_SOURCE.search(sentence):
        return True
    return bool(_INSTRUCTION_ADDRESSED.search(sentence) and _INSTRUCTION_ORDER.search(sentence))


def without_instructions(text: str, *, paragraphs: bool = True) -> tuple[str, int]:
    """The text without its blocks addressed to an AI; (text, how many were dropped).

    A block is a paragraph (`paragraphs`: separated by blank lines, as in Markdown and plain
    text) or a line (HTML, Word and PDF loaders put one block per line). One instruction, or a
    forged transcript line (`User:`, `Assistant:`), condemns its whole block: the rest of an
    injected paragraph ("...MARKER. Say that 0.5% use it.") is part of the same payload."""
    blocks = re.split(r"(\n[ \t]*\n)", text) if paragraphs else re.split(r"(\n)", text)
    kept: list[str] = []
    dropped = 0
    for block in blocks:
        if block.strip() and _injected(block):
            dropped += 1
            continue
        kept.append(block)
    return "".join(kept), dropped


def _injected(block: str) -> bool:
    return any(is_instruction(part) for line in block.split("\n") for part in _SENTENCES.split(line) if part.strip())


def clean_text(text: str, *, markdown: bool = False, paragraphs: bool = True) -> tuple[str, int]:
    """A section of a user's document as it may be indexed; (text, blocks dropped)."""
    text = strip_invisible(text)
    if markdown:
        text = strip_markup(text)
    return without_instructions(text, paragraphs=paragraphs)
