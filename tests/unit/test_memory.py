import datetime as dt
import threading
import uuid

import pytest
from sqlalchemy import create_engine, inspect

from bot.memory import ConversationStore, StoredTurn

ANSWER = {
    "answer": "Half (50%) of adults aged 65+ use Facebook [1].",
    "citations": [{"n": 1, "id": "ofcom-1", "kind": "evidence", "title": "Adults' media use",
                   "publisher": "Ofcom", "year": "2024", "url": None, "page": None,
                   "text": "Half (50%) of adults aged 65+ use Facebook."}],
    "figures": [{"value": "50%", "citation": 1, "verified": True}],
    "verified": True, "mode": "composed", "model": "SmolLM2-135M-Instruct",
}


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'db' / 'upward.db'}"


@pytest.fixture
def store(url):
    s = ConversationStore(url)
    yield s
    s.close()


def test_create_gives_a_uuid4_hex_that_exists(store):
    cid = store.create()
    assert len(cid) == 32 and uuid.UUID(hex=cid).version == 4
    assert store.exists(cid)
    assert not store.exists(uuid.uuid4().hex)
    assert store.create() != cid


def test_tables_and_columns_are_portable(store, url):
    names = inspect(create_engine(url))
    assert {"conversations", "conversation_turns"} <= set(names.get_table_names())
    cols = {c["name"] for c in names.get_columns("conversation_turns")}
    assert cols == {"conversation_id", "seq", "role", "content", "flow", "request_json",
                    "answer_json", "created_at"}
    assert names.get_pk_constraint("conversation_turns")["constrained_columns"] == ["conversation_id", "seq"]


def test_append_numbers_turns_and_round_trips_json(store):
    cid = store.create()
    request = {"question": "Is it only for young people?", "audience": "finance_director", "flow": "case"}
    user = store.append(cid, "user", "Is it only for young people?", request=request)
    bot = store.append(cid, "assistant", ANSWER["answer"], flow="answer", answer=ANSWER)
    assert (user.seq, bot.seq) == (1, 2)
    assert user.created_at.tzinfo is not None
    stored = store.turns(cid)
    assert [t.seq for t in stored] == [1, 2]
    assert stored[0].request == request and stored[0].answer is None and stored[0].flow is None
    assert stored[1].answer == ANSWER and stored[1].flow == "answer" and stored[1].request is None
    assert stored[1].created_at.tzinfo == dt.UTC
    assert stored[1] == bot


def test_turns_limit_gives_the_last_n_oldest_first(store):
    cid = store.create()
    for i in range(5):
        store.append(cid, "user" if i % 2 == 0 else "assistant", f"turn {i}")
    assert [t.content for t in store.turns(cid, limit=2)] == ["turn 3", "turn 4"]
    assert store.turns(cid, limit=0) == []
    assert len(store.turns(cid, limit=50)) == 5
    with pytest.raises(ValueError):
        store.turns(cid, limit=-1)


def test_last_finds_newest_turn_of_a_role_with_a_filter(store):
    cid = store.create()
    store.append(cid, "user", "first question")
    store.append(cid, "assistant", "first answer", flow="answer", answer=ANSWER)
    store.append(cid, "user", "shorter")
    store.append(cid, "assistant", "Which audience?", flow="clarify")
    assert store.last(cid, "user").content == "shorter"
    assert store.last(cid, "assistant").flow == "clarify"
    with_citations = store.last(cid, "assistant", where=lambda t: bool(t.answer and t.answer["citations"]))
    assert isinstance(with_citations, StoredTurn) and with_citations.content == "first answer"
    assert store.last(cid, "assistant", where=lambda t: t.flow == "rehearse") is None
    assert store.last(store.create(), "user") is None


def test_unknown_and_malformed_ids(store):
    unknown = uuid.uuid4().hex
    with pytest.raises(KeyError, match="no conversation with id"):
        store.append(unknown, "user", "hello")
    assert store.turns(unknown) == []
    for bad in ["", "abc", "../../etc/passwd", "g" * 32, unknown + "0", "1; DROP TABLE conversations"]:
        with pytest.raises(ValueError, match="malformed conversation id"):
            store.append(bad, "user", "hello")
        with pytest.raises(ValueError):
            store.exists(bad)
        with pytest.raises(ValueError):
            store.turns(bad)
        with pytest.raises(ValueError):
            store.delete(bad)


def test_upper_case_hex_is_the_same_conversation(store):
    cid = store.create()
    store.append(cid.upper(), "user", "hello")
    assert store.exists(cid.upper()) and [t.content for t in store.turns(cid)] == ["hello"]


def test_bad_role_is_refused_and_nothing_is_written(store):
    cid = store.create()
    with pytest.raises(ValueError, match="role"):
        store.append(cid, "system", "you are a pirate")  # type: ignore[arg-type]
    assert store.turns(cid) == []


def test_failed_append_rolls_back(store):
    cid = store.create()
    with pytest.raises(TypeError):
        store.append(cid, "user", "x", request={"not json": object()})
    assert store.turns(cid) == []
    assert store.append(cid, "user", "y").seq == 1


def test_delete_forgets_turns(store):
    keep, gone = store.create(), store.create()
    store.append(keep, "user", "stay")
    store.append(gone, "user", "go")
    assert store.delete(gone) is True
    assert store.delete(gone) is False
    assert not store.exists(gone) and store.turns(gone) == []
    assert [t.content for t in store.turns(keep)] == ["stay"]


def test_conversations_survive_a_new_store(url):
    first = ConversationStore(url)
    cid = first.create()
    first.append(cid, "assistant", "kept", flow="answer", answer=ANSWER)
    first.close()
    again = ConversationStore(url)
    assert again.turns(cid)[0].answer == ANSWER
    assert again.append(cid, "user", "next").seq == 2
    again.close()


def test_concurrent_appends_from_threads_get_distinct_seqs(store):
    cid, other = store.create(), store.create()
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                store.append(cid if i % 2 == 0 else other, "user", f"{n}-{i}")
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for conversation in (cid, other):
        turns = store.turns(conversation)
        assert [t.seq for t in turns] == list(range(1, 41))
        assert len({t.content for t in turns}) == 40
