"""Find people's names in a comment: the spans to redact.

Patterns alone miss most names ("Sharon at the housing office", "cllr hughes"), so besides the
contexts that announce a name (a title, a greeting, a sign-off, "my name is") every word is
looked up in an offline name list (`data/names.tsv`, made by scripts/make_name_lists.py from
names-dataset's British and Irish ranks). Names that are also ordinary words ("Will", "May",
"Bill", "Rose", "Green") count only in context: after a title or greeting, next to another
name, or capitalised in the middle of a sentence where no date or place explains it.

Words are whole Unicode words, so "Siobhán" or "Zoë" are removed whole, never in part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# Capitalised words that follow a greeting or title, or start a sentence, but are not names.
NOT_NAMES = frozenset("""
all everyone everybody team guys folks there the and for so very again mate you your lot much
council borough police nhs service services department trust hospital office centre center
highways waste customer support admin staff crew lads ladies gents people residents sir madam
please really great good lovely brilliant amazing today tomorrow yesterday tonight
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december christmas easter
ok okay not just here fine sure sorry afraid disabled angry fuming confused new local
name email link phone handle postcode number address dob nino sortcode vehicle
mr mrs ms miss mx dr cllr councillor pc sgt insp nurse prof i
god jesus lord allah brexit covid reg
ford rover vauxhall honda toyota nissan mercedes audi bmw tesla skoda fiat volvo jaguar peugeot
renault citroen hyundai mazda lexus porsche bentley transit tesco asda aldi lidl morrisons
sainsburys sainsbury waitrose greggs argos currys boots dyson
english welsh scottish irish british cornish england wales scotland ireland britain europe
european nan nana nanna gran granny grandma grandad grandpa mum mam mom dad da bro sis hun hon
babe pal lad lass duck
""".split())
_CONTRACTIONS = frozenset("i i've i'm i'll i'd im ive ill id it's that's there's what's don't can't "
                           "won't isn't aren't wasn't didn't doesn't".split())
_DETERMINERS = frozenset("the a an this that these those our my your their his her its every each "
                         "some any no".split())
_PLACE_BEFORE = frozenset("in of on near around across outside through towards into via".split())
# Modal verbs that are also names: "Will Hughes", but "Has Bellingham…" is no person.
_MODAL_NAMES = frozenset({"will", "may"})
# Lower-case particles inside a name: "Anna de Souza", "Ms van der Berg", "Ibrahim bin Yusuf".
_PARTICLES = frozenset("de da di du del della van von der den ter le la bin ibn bint abu al el ní nic ó ua".split())
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ul|bin|abu|ibn)-", re.IGNORECASE)  # al-Rashid
# Months that are also names: names only where a person is clearly meant ("I asked May").
_MONTH_NAMES = frozenset({"may", "june", "april", "august"})

# A capitalised run followed by one of these is an organisation or a place, not a person.
STOP_AFTER = frozenset("""
council borough police nhs team service services department trust hospital surgery school
road street lane close avenue way drive crescent park hill green bridge centre estate square
gardens place terrace court row walk grove rise view fields common library station college
academy primary church chapel hall house tower towers market retail industrial business road's
university ward wards village town city county district fc club group partnership association
vale mews parade meadow meadows croft wharf yard chase boulevard circus gate brow lea fold wynd
approach crest cottages villas glade hollow orchard paddock rec recreation ground river brook
festival fair show carnival market marathon run family foundation charity memorial fund
institute practice hotel pub inn arms cafe restaurant shop stores garage
""".split())

# Of those, words that are common surnames too: after a first name they name a person
# ("Pauline Ward", "Bill Green"), while "Victoria Road" or "Albert Park" stay places.
WEAK_PLACES = frozenset("""
hill green bridge hall ward field fields church common house tower market village wood
""".split())


# Titles before a name. Two-letter police ranks only in capitals ("pc world" is a shop).
TITLES = frozenset("""
mr mrs ms miss mx dr doctor cllr councillor sgt sergeant insp inspector constable officer pcso
prof professor rev revd reverend father fr sister nurse matron sir dame lord lady canon pastor
imam rabbi bishop midwife supt superintendent
""".split())
CAPS_TITLES = frozenset({"PC", "DC", "DS", "DI", "DCI", "DSI", "WPC", "SGT", "PCSO", "MP"})
GREETINGS = frozenset("""
hi hello hey dear morning afternoon evening thanks thank cheers regards ta thx love
""".split())
_TWO_WORD_GREETINGS = {("thank", "you"), ("many", "thanks"), ("kind", "regards"), ("best", "wishes"),
                       ("warm", "regards"), ("yours", "sincerely"), ("thanks", "to"), ("shout", "out")}
INTRODUCTIONS = (("my", "name", "is"), ("my", "name's"), ("my", "names"), ("i", "am", "called"),
                 ("this", "is"), ("name", "is"), ("i'm",), ("im",), ("i", "am"))
# "spoke to Will at the office", "Rose from housing said": a person is being talked about.
_PERSON_BEFORE = frozenset("to with from by ask asked told thank thanks called named and & "
                           "spoke speak phoned emailed met colleague neighbour neighbours friend son "
                           "daughter husband wife mum mom dad partner manager carer brother sister "
                           "grandson granddaughter nan grandad uncle auntie aunt cousin boss".split())
_PERSON_AFTER = frozenset("said says told from at rang phoned emailed replied promised came "
                          "has had who".split())
# "in May", "May 2026": a month, not a person.
_DATE_BEFORE = frozenset("in of on until till since by from early late mid end next last this "
                         "every during before after".split())
_STOP = frozenset("""
a an the and or but of to in on at by for with from as is are was were be been it its this that
these those my our your his her their we you they he she i me us them not no so if then than
too very can could will would should may might must do does did have has had up down out over
""".split())
FUNCTION_WORDS = _STOP


@dataclass(frozen=True)
class NameList:
    """Names (lower case) from the shipped list, which of them are also ordinary words, and the
    common-word list used to tell an unknown surname from an ordinary capitalised word."""

    first: frozenset[str]
    last: frozenset[str]
    ambiguous: frozenset[str]
    words: frozenset[str]
    british: frozenset[str] = frozenset()  # ranked in Great Britain or Ireland

    def is_name(self, word: str) -> bool:
        return word in self.first or word in self.last

    def is_clear_name(self, word: str) -> bool:
        """A name that is not also an ordinary word: enough on its own."""
        return len(word) >= 3 and self.is_name(word) and word not in self.ambiguous

    def is_word(self, word: str) -> bool:
        return word in self.words or word in _STOP


@cache
def name_list() -> NameList:
    first: set[str] = set()
    last: set[str] = set()
    ambiguous: set[str] = set(NOT_NAMES)
    british: set[str] = set()
    for line in (DATA / "names.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, kind, common, uk = line.split("\t")
        if uk == "1":
            british.add(name)
        if "f" in kind:
            first.add(name)
        if "l" in kind:
            last.add(name)
        if common == "1":
            ambiguous.add(name)
    words = (DATA / "words.txt").read_text(encoding="utf-8").split("\n")
    return NameList(
        frozenset(first), frozenset(last), frozenset(ambiguous),
        frozenset(w for w in words if w and not w.startswith("#")), frozenset(british),
    )


# --- the authors' own names -------------------------------------------------------------

# Words that are names but also ordinary words or place-name parts: an author called "Bill
# Green" is redacted as "Bill Green" together, but "council tax bill" and "Kiln Green" stay.
AMBIGUOUS = frozenset("""
bill will mark rose may june april august grace hope joy faith dawn eve frank sue pat rob jack
ray art sunny summer autumn holly ivy daisy lily iris amber ruby crystal rich drew chase
brook brooks hill hills wood woods green greene brown white black grey gray street lane park
parks field fields bridge bridges church hall king kings mills mill marsh moss stone bush
banks bank fox bird swift little young long small short best good bright sharp hunter page
bell rivers river waters ford cross gate gates heath moor moore lake north south east west
cook baker smith mason turner walker carter taylor cole coles wall walls well wells rice
sand sands day days noble love rain snow frost winter spring price case
the and for with from this that what when who why how are was were have has not but you our
council borough police team page official news service services
""".split())

# Accounts that are pages, groups or businesses, not people: their words are not names.
_ORGANISATION = re.compile(
    r"^the\b|\b(?:council|borough|police|constabulary|nhs|trust|official|team|news|ltd|limited|"
    r"group|groups|service|services|department|watch|association|society|hospital|school|radio|fm|"
    r"gov|community|residents|mums|dads|page|visit|info|forum|club|church|shop|cafe|society)\b",
    re.IGNORECASE,
)


def _letters(word: str) -> str:
    return re.sub(r"[^\w]|\d|_", "", word)


@dataclass(frozen=True)
class KnownNames:
    """The authors' names and handles, to be found anywhere in any comment.

    `singles` are first names and surnames on their own (3+ letters, not ordinary words);
    `pairs` are adjacent words of a full name; `handles` are user names such as 'jdawson'.
    """

    singles: frozenset[str] = frozenset()
    pairs: frozenset[tuple[str, str]] = frozenset()
    handles: frozenset[str] = frozenset()

    @cached_property
    def handle_pattern(self) -> re.Pattern[str] | None:
        """The handles as bare words ('jdawson', any case); an '@handle' is caught anyway."""
        if not self.handles:
            return None
        words = "|".join(re.escape(h) for h in sorted(self.handles, key=lambda h: (-len(h), h)))
        return re.compile(rf"(?<![\w@.\[])(?:{words})(?![\w\]]|\.\w)", re.IGNORECASE)

    @classmethod
    def from_authors(cls, authors: Iterable[str]) -> KnownNames:
        singles: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        handles: set[str] = set()
        for author in authors:
            if _ORGANISATION.search(author):
                continue
            for handle in re.findall(r"@?([\w.]*[A-Za-z][\w.]*)", author):
                if "@" + handle in author or re.search(r"[\d_]", handle) or (
                    handle.islower() and len(author.split()) == 1
                ):
                    handles.add(handle.lower().strip("."))
            words = WORD.findall(re.sub(r"@[\w.]+", " ", author))
            if len(words) == 1 and words[0].islower():
                continue  # a bare user name, kept as a handle above
            lowered = [w.lower() for w in words]
            for word in lowered:
                if len(_letters(word)) >= 3 and word not in AMBIGUOUS and word not in NOT_NAMES:
                    singles.add(word)
            pairs.update(zip(lowered, lowered[1:], strict=False))
        return cls(frozenset(singles), frozenset(pairs), frozenset(h for h in handles if len(h) >= 3))


# --- finding names in a comment ---------------------------------------------------------


@dataclass
class _Token:
    start: int
    end: int
    text: str  # without a possessive 's
    low: str
    shape: str  # "cap", "upper", "lower" or "other"
    initial: bool  # starts a sentence or a line
    mark: bool = False


def _shape(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "upper"
    if letters and letters[0].isupper():
        return "cap"
    if all(c.islower() for c in letters):
        return "lower"
    return "other"


# "@jdawson How long…": the first word after the mentions that open a comment starts a sentence.
_LEADING_MENTIONS = re.compile(r"^(?:\s*(?:@\w+|\[handle\]|\[name\])[,:]?)+\s*$")


def _tokens(text: str, blocked: list[tuple[int, int]]) -> list[_Token]:
    """The words of `text` outside `blocked`, with their case and whether they start a sentence."""
    tokens: list[_Token] = []
    placed: set[tuple[int, int]] = set()
    for match in WORD.finditer(text):
        start, end = match.span()
        inside = [(s, e) for s, e in blocked if s < end and start < e]
        if inside:
            # A detail already found stands in the stream as a placeholder: it is no name, and
            # it keeps its neighbours apart ("Met [name] from…": "Met" is not before "from").
            for s, e in inside:
                if (s, e) not in placed:
                    placed.add((s, e))
                    tokens.append(_Token(s, e, text[s:e], "", "placeholder", False))
            continue
        word = re.sub(r"['’][sS]$", "", match.group())
        end = start + len(word)
        before = _LEADING_MENTIONS.sub("", text[:start]).rstrip(" \t\"“‘'(*")
        initial = not before or before[-1] in ".!?\n:;…" or before.endswith(("-", "—", "–"))
        tokens.append(_Token(start, end, word, word.lower().replace("’", "'"), _shape(word), initial))
    return tokens


def _mode(tokens: list[_Token]) -> str:
    """'mixed' when capitals mean something; 'upper' for shouting or Title Case; 'lower'.
    A [name] already removed counts as the capitalised word it was, so that redacting a
    redacted text sees the same mode and changes nothing."""
    words = [t for t in tokens if len(t.text) >= 2 and (t.shape != "placeholder" or t.text == "[name]")]
    if not words:
        return "mixed"
    upper = sum(t.shape == "upper" for t in words)
    cap = sum(t.shape in ("cap", "upper") or t.text == "[name]" for t in words)
    if upper >= 0.6 * len(words) or (len(words) >= 4 and cap >= 0.8 * len(words)):
        return "upper"
    if not any((t.shape in ("cap", "upper") and t.low != "i") or t.text == "[name]" for t in words):
        return "lower"
    return "mixed"


def _adjacent(text: str, first: _Token, second: _Token) -> bool:
    """Next to each other in one name: a space or hyphen between, or an initial's full stop."""
    gap = text[first.end:second.start]
    if gap == ". ":
        return len(first.text) == 1
    return gap in (" ", "-", " & ") or (bool(gap) and gap.isspace() and "\n" not in gap)


class _Finder:
    def __init__(self, text: str, tokens: list[_Token], names: NameList, known: KnownNames) -> None:
        self.text, self.tokens, self.names, self.known = text, tokens, names, known
        self.mode = _mode(tokens)

    # -- what one word could be --
    def capitalised(self, t: _Token) -> bool:
        return t.shape in ("cap", "upper") or (t.shape == "other" and t.text[:1].isupper())

    def placeholder(self, t: _Token) -> bool:
        return t.shape == "placeholder"

    def place_follows(self, i: int) -> bool:
        """Token i+1 makes token i part of a place or organisation ('Preston Road')."""
        tokens = self.tokens
        if i + 1 >= len(tokens) or not _adjacent(self.text, tokens[i], tokens[i + 1]):
            return False
        nxt = tokens[i + 1].low
        if nxt in WEAK_PLACES and tokens[i].low in self.names.first and tokens[i].low not in self.names.ambiguous:
            return False
        if nxt in WEAK_PLACES and tokens[i].low in self.names.first and self._person_after(i + 1):
            return False
        return nxt in STOP_AFTER

    def blocked(self, t: _Token) -> bool:
        return t.low in NOT_NAMES or t.low in STOP_AFTER or t.low in _STOP or t.low in GREETINGS or (
            t.low in TITLES or t.low in _CONTRACTIONS or t.text.rstrip(".") in CAPS_TITLES
        )

    def name_after_context(self, t: _Token, strong: bool = True) -> bool:
        """A word right after a title (`strong`) or a greeting: capitalised and not an ordinary
        word there, or in any case a name from the list that is not an ordinary word. In lower
        case an unknown word counts only after a title ("cllr whitcombe", not "hi, roadworks")."""
        surname_place = strong and t.low in STOP_AFTER and t.low in self.names.last  # "Cllr Hill"
        if (self.blocked(t) and not surname_place) or t.low in _CONTRACTIONS:
            return False
        if self.names.is_clear_name(t.low):
            return True
        if self.capitalised(t) and self.mode == "mixed":
            return True
        if self.capitalised(t):  # shouting: MR SMITH, but not DEAR SIR or THANKS ALL
            return self.names.is_name(t.low) or not self.names.is_word(t.low)
        after = self.text[t.end:t.end + 1]
        if not strong and self.names.is_name(t.low) and (after in (",", "!", "") or t.end == len(self.text)):
            return True  # "cheers mo, all sorted"
        if strong and self.names.is_name(t.low) and len(t.text) >= 3:
            return True  # "cllr hill", "councillor baker" (but "pc world", "dr appointment")
        return strong and not self.names.is_word(t.low) and len(t.text) >= 3

    def surname_after(self, t: _Token) -> bool:
        """The word after a name: another name, or an unknown capitalised word."""
        if _PARTICLE_PREFIX.match(t.text) and len(t.text) > 4:
            return True
        weak = t.low in WEAK_PLACES and t.low in self.names.last
        if (self.blocked(t) and not weak) or not self.capitalised(t) and self.mode != "lower":
            return False
        if self.mode == "lower" and not self.names.is_name(t.low):
            return False
        return self.names.is_name(t.low) or not self.names.is_word(t.low)

    # -- rules --
    def find(self) -> list[tuple[int, int]]:
        self.known_names()
        self.contexts()
        self.listed()
        self.extend()
        return self.spans()

    def known_names(self) -> None:
        tokens = self.tokens
        for i, t in enumerate(tokens):
            if t.low in self.known.singles:
                t.mark = True
            if i + 1 < len(tokens) and (t.low, tokens[i + 1].low) in self.known.pairs:
                if _adjacent(self.text, t, tokens[i + 1]):
                    t.mark = tokens[i + 1].mark = True

    def take(self, i: int, limit: int = 3, initials: bool = False, strong: bool = True) -> None:
        """Mark up to `limit` name words from token i on (after a title, greeting or intro)."""
        tokens, taken = self.tokens, 0
        while i < len(tokens) and taken < limit:
            t = tokens[i]
            if self.placeholder(t):
                break
            if initials and len(t.text) == 1 and t.text.isupper():
                t.mark = True
                i += 1
                continue
            if taken and not _adjacent(self.text, tokens[i - 1], t):
                break
            ok = self.name_after_context(t, strong) if not taken else self.surname_after(t)
            if not ok:
                break
            if self.place_follows(i):
                break  # "Thanks Brackenford Council", "Dear Kiln Lane residents"
            t.mark = True
            taken += 1
            i += 1

    def contexts(self) -> None:
        tokens = self.tokens
        for i, t in enumerate(tokens):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is None or not self._close(t, nxt):
                continue
            if (t.low in TITLES and (t.shape != "lower" or t.low not in {"sister", "father", "officer", "lady", "lord"})) or (
                t.text.rstrip(".") in CAPS_TITLES
            ):
                self.take(i + 1, initials=True)
            elif t.low in GREETINGS or (i and (tokens[i - 1].low, t.low) in _TWO_WORD_GREETINGS):
                if t.low == "thank" or (t.low == "thanks" and nxt.low == "to"):
                    continue
                self.take(i + 1, limit=2, strong=False)
            for words in INTRODUCTIONS:
                n = len(words)
                if tuple(x.low for x in tokens[i:i + n]) == words and i + n < len(tokens):
                    follower = tokens[i + n]
                    if words[-1] in ("i'm", "im", "am", "is") and words != ("my", "name", "is") and words[0] != "name":
                        # "I'm Karen," but not "I'm Furious about this" or "this is Kiln Lane".
                        after = self.text[follower.end:follower.end + 2]
                        if not (self.capitalised(follower) and (after[:1] in (",", ".", "") or after.startswith(" -"))):
                            continue
                    self.take(i + n, limit=3)
                    break
        self._sign_off()

    def _sign_off(self) -> None:
        """A name on its own after a dash at the end of a line: '— Tom', '- Priya Shah'."""
        for match in re.finditer(r"(?:^|\s)[—–~-]{1,2} ?(?=[^\W\d_])", self.text):
            rest = [t for t in self.tokens if t.start >= match.end()]
            line_end = self.text.find("\n", match.end())
            line_end = len(self.text) if line_end < 0 else line_end
            words = [t for t in rest if t.end <= line_end]
            if 1 <= len(words) <= 3 and not self.text[words[-1].end:line_end].strip(" .!"):
                if all(self.capitalised(w) and not self.blocked(w) for w in words) and not (
                    any(w.low in STOP_AFTER for w in words)
                ):
                    for w in words:
                        w.mark = True

    def _close(self, t: _Token, nxt: _Token) -> bool:
        """Only spaces, a comma or a title's full stop between ("Dr. Patel", "Hi, Sarah"); not
        the end of a sentence ("Morning. What time…")."""
        gap = self.text[t.end:nxt.start]
        if gap.startswith(".") and t.low not in TITLES and t.text not in CAPS_TITLES:
            return False
        return len(gap) <= 3 and "\n" not in gap and gap.strip(" ,.:") == ""

    def listed(self) -> None:
        """Words in the name list, wherever they are."""
        tokens, names = self.tokens, self.names
        for i, t in enumerate(tokens):
            modal = t.low in _MODAL_NAMES  # "Will", "May": names only in context
            if t.shape == "upper" and self.mode == "mixed":
                continue  # acronyms: CCTV, SEN, NHS (a shouted name is caught after a title)
            if t.mark or len(t.text) < 2 or (self.blocked(t) and t.low not in _MONTH_NAMES and not modal):
                continue
            prev = tokens[i - 1] if i else None
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if self.place_follows(i) or (prev is not None and prev.low in ("st", "saint") and prev.shape == "cap"):
                continue  # Preston Road, Kiln Green car park, St Mary's
            if prev is not None and (prev.low in STOP_AFTER or (
                (prev.low in _PLACE_BEFORE or prev.low in _DETERMINERS) and t.low not in names.first
            )):
                continue  # "river Brack", "the whole of Ellerby", "the Ellerby play area"
            if names.is_clear_name(t.low):
                if t.shape == "lower" and self.mode == "mixed" and prev is not None and not prev.initial:
                    # lower case in a text that uses capitals: only after a word for a person
                    if prev.low not in _PERSON_BEFORE:
                        continue
                if self.capitalised(t) or self.mode != "mixed" or prev is None or prev.low in _PERSON_BEFORE:
                    t.mark = True
                continue
            if not names.is_name(t.low):
                self._unknown(i)
                continue
            if not self.capitalised(t) or self.mode != "mixed":
                continue
            if prev is not None and prev.low in _DETERMINERS:
                continue  # "the Castle", "our Rose garden"
            # A name that is also an ordinary word, written with a capital.
            if self._date_context(i) or self._place_context(i):
                continue
            person = (prev is not None and prev.low in _PERSON_BEFORE) or (
                nxt is not None and nxt.low in _PERSON_AFTER and not t.initial
            ) or (t.initial and nxt is not None and nxt.low in {"said", "says", "told", "from", "rang", "at"})
            pair = nxt is not None and _adjacent(self.text, t, nxt) and self.capitalised(nxt) and (
                t.low in names.first and nxt.low in names.last
            ) and (
                # two ordinary words ("Land Rover", "Rose Hill") only where a person is meant
                names.is_clear_name(nxt.low) or self._person_after(i + 1) or (prev is not None and prev.low in _PERSON_BEFORE)
            )
            # A first name that is also a word, capitalised mid-sentence: "spoke to Rose", not
            # "the Castle" or "Brackenford Summer Festival" (a surname-only word needs a cue).
            alone = not t.initial and t.shape == "cap" and not modal and t.low not in STOP_AFTER and (
                t.low not in _MONTH_NAMES and t.low in names.first and t.low in names.british
            ) and not (prev is not None and self.capitalised(prev) and prev.low in names.ambiguous and not prev.initial)
            if pair or person or alone:
                t.mark = True
                if pair:
                    nxt.mark = True

    def _unknown(self, i: int) -> None:
        """A capitalised word in no list and not an ordinary word ('Okonjo', 'Ngaire') is a
        name where a person is plainly meant: 'your colleague Okonjo', 'Ngaire from the museum'."""
        t = self.tokens[i]
        if self.mode != "mixed" or t.shape != "cap" or len(t.text) < 3 or self.names.is_word(t.low):
            return
        if self.blocked(t) or self.place_follows(i):
            return
        prev = self.tokens[i - 1] if i else None
        nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        before = prev is not None and prev.low in _PERSON_BEFORE and prev.low not in ("to", "from", "by", "and", "&")
        after = nxt is not None and nxt.low in {"said", "says", "told", "promised", "rang", "phoned", "emailed", "replied"}
        after = after or (nxt is not None and nxt.low == "from" and t.initial)
        if before or after:
            t.mark = True

    def _person_after(self, i: int) -> bool:
        return i + 1 < len(self.tokens) and self.tokens[i + 1].low in _PERSON_AFTER

    def _date_context(self, i: int) -> bool:
        t = self.tokens[i]
        before = self.text[max(0, t.start - 4):t.start]
        after = self.text[t.end:t.end + 5]
        prev = self.tokens[i - 1].low if i else ""
        return bool(re.search(r"\d\s*$", before) or re.match(r"\s*\d", after)) or (
            t.low in {"may", "june", "april", "august"} and prev in _DATE_BEFORE
        )

    def _place_context(self, i: int) -> bool:
        """Part of a capitalised place or organisation: 'Rose Hill', 'Kiln Green', 'Green Party'."""
        tokens = self.tokens
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if prev and _adjacent(self.text, prev, tokens[i]) and self.capitalised(prev):
            if tokens[i].low in STOP_AFTER and prev.low not in self.names.first:
                return True  # Mill Lane, Kiln Green (but Bill Green is a person)
            if not self.names.is_name(prev.low) and prev.low not in TITLES and prev.low not in GREETINGS and (
                prev.low not in _STOP
            ):
                return True  # "Brackenford Summer Festival"
        if nxt and _adjacent(self.text, tokens[i], nxt) and self.capitalised(nxt):
            if nxt.low in NOT_NAMES or (not self.names.is_name(nxt.low) and self.names.is_word(nxt.low)):
                return True  # "Green Party", "Land Rover"
        return False

    def extend(self) -> None:
        """A name runs on: 'Sharon Whitlock', 'J. Smith', 'Smith-Jones', 'Sarah and Tom'."""
        tokens = self.tokens
        for _ in range(2):
            for i, t in enumerate(tokens):
                if not t.mark:
                    continue
                if i + 1 < len(tokens):
                    nxt = tokens[i + 1]
                    if not nxt.mark and _adjacent(self.text, t, nxt) and self.surname_after(nxt):
                        if not self.place_follows(i + 1):
                            nxt.mark = True
                    self._particles(i + 1)
                if i and not tokens[i - 1].mark and self._first_name_before(i):
                    tokens[i - 1].mark = True
                if i + 2 < len(tokens) and tokens[i + 1].low in ("and", "&"):
                    other = tokens[i + 2]
                    if not other.mark and self.capitalised(other) and self.mode == "mixed" and other.low not in _CONTRACTIONS and (
                        self.names.is_name(other.low) or not self.names.is_word(other.low)
                    ) and not self.blocked(other):
                        if not (i + 3 < len(tokens) and tokens[i + 3].low in STOP_AFTER):
                            other.mark = True

    def _particles(self, i: int) -> None:
        """After a name, lower-case particles and the capitalised surname they lead to."""
        tokens = self.tokens
        j = i
        while j < len(tokens) and tokens[j].low in _PARTICLES and _adjacent(self.text, tokens[j - 1], tokens[j]):
            j += 1
        if j == i or j >= len(tokens) or not _adjacent(self.text, tokens[j - 1], tokens[j]):
            return
        if self.capitalised(tokens[j]) and not self.blocked(tokens[j]) and not self.place_follows(j):
            for token in tokens[i:j + 1]:
                token.mark = True

    def _first_name_before(self, i: int) -> bool:
        """The word before name i belongs to it: an initial ('J. Smith'), or a capitalised first
        name ('Sharon' Whitlock; 'Will' Hughes, as the surname is plainly one; not 'the River')."""
        tokens, t = self.tokens, self.tokens[i]
        prev = tokens[i - 1]
        if not _adjacent(self.text, prev, t):
            return False
        if len(prev.text) == 1 and prev.text.isupper() and not prev.initial:
            return True
        if prev.low not in self.names.first or not self.capitalised(prev):
            return False
        if i >= 2 and tokens[i - 2].low in _DETERMINERS:
            return False
        clear = self.names.is_clear_name(t.low)
        if self.blocked(prev) and not (prev.low in _MODAL_NAMES and clear):
            return False
        return prev.low not in self.names.ambiguous or clear

    def spans(self) -> list[tuple[int, int]]:
        """The marked words as character spans, a run of adjacent words as one."""
        spans: list[tuple[int, int]] = []
        previous: _Token | None = None
        for t in self.tokens:
            if not t.mark or self.placeholder(t):
                previous = None
                continue
            if previous is not None and spans and _adjacent(self.text, previous, t):
                spans[-1] = (spans[-1][0], t.end)
            else:
                spans.append((t.start, t.end))
            previous = t
        return spans


def words(text: str) -> list[tuple[str, str, bool]]:
    """Each word of `text` as (word, lower case, starts a sentence), placeholders left out."""
    blocked = [m.span() for m in re.finditer(r"\[[a-z]+\]", text)]
    return [(t.text, t.low, t.initial) for t in _tokens(text, blocked) if t.shape != "placeholder"]


def find_names(
    text: str, known: KnownNames | None = None, blocked: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Character spans of people's names in `text`, outside the `blocked` spans (details
    already found, placeholders)."""
    tokens = _tokens(text, blocked or [])
    if not tokens:
        return []
    return _Finder(text, tokens, name_list(), known or KnownNames()).find()
