"""The web widget in headless Chromium, on the demo intranet page served by the real app.

Locators reach into the widget's open Shadow DOM (Playwright's CSS and role engines pierce it).
Tests that need only the client's handling of a server answer (429, 403, hostile text, briefing
downloads) fake that one answer with `page.route`; everything else talks to the real server.
"""

from __future__ import annotations

import json
import re
import threading
import time

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, shot

YOUNG = "My chief executive says social media is only for young people. How do I respond?"
FACEBOOK = "How did our Facebook engagement change over the last year?"

# Watches the widget's shadow root and records what a person saw while an answer streamed.
WATCH = """() => {
  const root = document.querySelector('upward-widget').shadowRoot;
  const seen = window.__seen = {progress: [], lengths: [], plainMarkers: 0, busy: false};
  new MutationObserver(() => {
    const all = root.querySelectorAll('article.msg.bot');
    const last = all[all.length - 1];
    if (!last) return;
    if (last.getAttribute('aria-busy') === 'true') seen.busy = true;
    const progress = last.querySelector('.progress');
    const text = progress && !progress.hidden ? progress.textContent.trim() : '';
    if (text && seen.progress[seen.progress.length - 1] !== text) seen.progress.push(text);
    const answer = last.querySelector('.answer');
    const length = answer ? answer.textContent.length : 0;
    if (length && seen.lengths[seen.lengths.length - 1] !== length) seen.lengths.push(length);
    if (answer && /\\[\\d+\\]/.test(answer.textContent) && !answer.querySelector('button.cite')) seen.plainMarkers += 1;
  }).observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def widget_host(page):
    return page.locator("upward-widget")


def open_demo(page, live_server):
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    launcher = page.get_by_role("button", name="Ask Upward")
    expect(launcher).to_be_visible()
    return launcher


def open_panel(page, live_server):
    open_demo(page, live_server).click()
    textbox = page.get_by_role("textbox", name="Your question")
    expect(textbox).to_be_focused()
    return textbox


def ask(page, question: str):
    textbox = page.get_by_role("textbox", name=re.compile("Your question|Your reply"))
    textbox.fill(question)
    textbox.press("Enter")


def wait_answer(page, count: int = 1):
    answers = page.locator("article.msg.bot:not([aria-label^='Scorecard'])")
    expect(answers).to_have_count(count, timeout=60_000)
    last = answers.nth(count - 1)
    expect(last).not_to_have_attribute("aria-busy", "true", timeout=60_000)
    expect(page.get_by_role("status").filter(has_text="Answer ready")).to_have_count(1)
    return last


@pytest.fixture
def slow_stream(widget_service, monkeypatch):
    """Space the real stream's events out, as a real model would, so that progress and partial
    text are visible to the browser (and to these tests)."""
    original = widget_service.stream

    def stream(*args, **kwargs):
        for event in original(*args, **kwargs):
            if event.event == "status":
                time.sleep(0.3)
            elif event.event == "token":
                time.sleep(0.004)
            yield event

    monkeypatch.setattr(widget_service, "stream", stream)


def sent_bodies(page, path: str) -> list[dict]:
    """Bodies of the widget's POSTs to `path`, recorded as they go."""
    bodies: list[dict] = []
    page.on(
        "request",
        lambda r: r.method == "POST" and r.url.endswith(path) and bodies.append(json.loads(r.post_data or "{}")),
    )
    return bodies


# --- the demo page and the one tag --------------------------------------------------------------


def test_demo_page_has_a_strict_csp_and_the_one_tag(live_server):
    response = httpx.get(live_server.url + "/")
    csp = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert re.search(r'<script src="/widget.js"[^>]* defer></script>', response.text)
    script = httpx.get(live_server.url + "/widget.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert script.headers["x-content-type-options"] == "nosniff"
    again = httpx.get(live_server.url + "/widget.js", headers={"If-None-Match": script.headers["etag"]})
    assert again.status_code == 304


def test_host_page_css_does_not_leak_into_the_widget(page, live_server):
    launcher = open_demo(page, live_server)
    # The demo page styles every <button> hot pink at 2rem; the widget's Shadow DOM keeps it out.
    style = launcher.evaluate("b => { const s = getComputedStyle(b); return [s.backgroundColor, s.fontSize]; }")
    assert style == ["rgb(31, 78, 140)", "16px"], style
    assert widget_host(page).evaluate("w => w.shadowRoot !== null && w.shadowRoot.mode === 'open'")
    assert page.problems.errors == []


# --- asking, streaming, citations, sources ------------------------------------------------------


def test_ask_shows_progress_streams_text_and_links_citations(page, live_server, slow_stream):
    open_panel(page, live_server)
    page.evaluate(WATCH)
    ask(page, YOUNG)
    expect(page.locator(".progress")).to_contain_text("Recognising the objection")
    shot(page, "streaming")
    answer = wait_answer(page)
    seen = page.evaluate("window.__seen")
    assert seen["progress"][0] == "Working on it…"  # at once, before the first event
    assert seen["progress"][1:3] == ["Recognising the objection", "Gathering evidence for each step of the rebuttal"]
    assert len(seen["lengths"]) >= 5, "the text should appear piece by piece, not all at once"
    assert seen["busy"] and seen["plainMarkers"] > 0, "markers are plain text until citations are known"
    expect(answer.locator(".progress")).to_be_hidden()
    expect(answer.locator(".objection")).to_have_text("Objection: Only for young people")
    expect(answer.get_by_role("heading", name="Acknowledge the concern")).to_be_visible()
    cites = answer.locator("button.cite")
    assert cites.count() >= 3
    sources = answer.get_by_role("list", name="Sources").get_by_role("listitem")
    assert sources.count() >= 3
    expect(sources.filter(has_text="second-hand report").first).to_be_visible()
    for link in answer.locator("ol.sources a").all():
        assert re.match(r"^https?://", link.get_attribute("href"))
        assert link.get_attribute("rel") == "noopener noreferrer"
    shot(page, "answered")
    # A [n] marker opens its source in the panel: the exact stored text, then back.
    first = answer.get_by_role("button", name=re.compile(r"^Source \[1\]"))
    first.first.click()
    view = page.get_by_role("region", name="Source [1]")
    expect(view.get_by_role("heading", name=re.compile(r"^Source \[1\]"))).to_be_focused()
    stored = httpx.get(live_server.url + "/v1/sources/" + _citation_id(page, 1)).json()
    expect(view.locator("blockquote")).to_have_text(stored["text"])
    expect(page.get_by_role("log")).to_be_hidden()
    view.get_by_role("button", name="Back to the conversation").click()
    expect(page.get_by_role("log")).to_be_visible()
    expect(first.first).to_be_focused()
    assert page.problems.errors == []


def _answers(page) -> list[dict]:
    """The answers of the conversation, from the transcript the widget keeps for the session."""
    state = page.evaluate(
        "() => Object.entries(sessionStorage).filter(([k]) => k.endsWith(':conversation')).map(([, v]) => v)[0]"
    )
    return [t["answer"] for t in json.loads(state)["transcript"] if t["kind"] == "answer"]


def _citation_id(page, n: int) -> str:
    """The id of citation n of the last answer."""
    return next(c["id"] for c in _answers(page)[-1]["citations"] if c["n"] == n)


def test_an_own_data_source_shows_its_period_formula_and_files(page, live_server):
    open_panel(page, live_server)
    ask(page, FACEBOOK)
    answer = wait_answer(page)
    audit = answer.locator("ol.sources li").filter(has_text="Audit: Facebook").first
    audit.get_by_role("button").click()
    view = page.get_by_role("region", name=re.compile(r"^Source \["))
    expect(view.get_by_text("Our own data")).to_be_visible()
    expect(view.locator("dt", has_text="Formula")).to_be_visible()
    expect(view.locator("dt", has_text="Files")).to_be_visible()
    expect(view.locator("dd").filter(has_text=re.compile(r"\.csv"))).not_to_have_count(0)
    expect(view.locator("dt", has_text="Period")).to_be_visible()
    shot(page, "source-own-data")
    page.keyboard.press("Escape")
    expect(page.get_by_role("log")).to_be_visible()


def test_follow_ups_keep_the_conversation_and_audience_and_new_conversation_resets(page, live_server):
    asks = sent_bodies(page, "/v1/ask/stream")
    open_panel(page, live_server)
    picker = page.get_by_role("combobox", name="Audience")
    expect(picker).to_have_value("chief_executive")  # the demo tag's data-audience
    picker.select_option(label="Finance director")
    ask(page, YOUNG)
    first = wait_answer(page)
    ask(page, "shorter")
    wait_answer(page, 2)
    assert asks[0]["audience"] == asks[1]["audience"] == "finance_director"
    assert "conversation_id" not in asks[0] and re.fullmatch(r"[0-9a-f]{32}", asks[1]["conversation_id"])
    assert len(page.locator("article.msg.bot").nth(1).inner_text()) < len(first.inner_text())
    # Kept for the browser session: a reload shows the same conversation, audience and all.
    page.reload()
    page.get_by_role("button", name="Ask Upward").click()
    expect(page.locator("article.msg.bot")).to_have_count(2)
    expect(page.get_by_role("combobox", name="Audience")).to_have_value("finance_director")
    ask(page, "what's our source?")
    wait_answer(page, 3)
    assert asks[2]["conversation_id"] == asks[1]["conversation_id"]
    page.get_by_role("button", name="New conversation").click()
    expect(page.locator("article.msg")).to_have_count(0)
    expect(page.get_by_role("combobox", name="Audience")).to_have_value("chief_executive")
    ask(page, "Is social media a fad?")
    wait_answer(page)
    assert "conversation_id" not in asks[3]


def test_an_unclear_objection_is_answered_with_a_candidate_button(page, live_server, widget_service, monkeypatch):
    monkeypatch.setattr(widget_service.detector, "unclear_below", 1.01)  # every objection is unclear
    asks = sent_bodies(page, "/v1/ask/stream")
    open_panel(page, live_server)
    ask(page, "Social media? Not for us.")
    clarify = wait_answer(page)
    candidates = clarify.get_by_role("group", name="Which worry is closest?").get_by_role("button")
    expect(candidates).to_have_count(3)
    chosen = candidates.nth(1).inner_text()
    assert "_" not in chosen, "candidates show their labels, not their ids"
    shot(page, "unclear")
    monkeypatch.setattr(widget_service.detector, "unclear_below", 0.30)
    candidates.nth(1).click()
    picked = wait_answer(page, 2)
    first_cid = _answers(page)[0]["conversation_id"]
    assert asks[1]["question"] == "2" and asks[1]["conversation_id"] == first_cid
    expect(page.locator(".msg.user").nth(1)).to_contain_text(chosen)
    expect(picked.locator(".objection")).to_have_text(f"Objection: {chosen}")


def sse(*events: tuple[str, dict]) -> str:
    return "".join(f"event: {name}\r\ndata: {json.dumps(data)}\r\n\r\n" for name, data in events)


def test_a_candidate_button_sends_its_number_in_the_same_conversation(page, live_server):
    """The client half of the clarifying question, with the server's two answers given."""
    cid = "a" * 32
    clarify = {"answer": "Which is closest?\n- **Waste of time**: …", "citations": [], "figures": [], "verified": True,
               "mode": "composed", "model": "m", "flow": "clarify", "sections": [], "audience": None,
               "objection": {"type": "unclear", "confidence": 0.4, "candidates": ["no_budget", "no_capacity", "fad"]},
               "conversation_id": cid}
    picked = {**clarify, "answer": "Acknowledged.", "flow": "rebuttal",
              "objection": {"type": "no_capacity", "confidence": 1.0, "label": "No capacity", "candidates": []}}
    answers = iter([clarify, picked])
    asks = sent_bodies(page, "/v1/ask/stream")
    page.route("**/v1/ask/stream", lambda r: r.fulfill(status=200, content_type="text/event-stream",
                                                        body=sse(("done", next(answers)))))
    open_panel(page, live_server)
    ask(page, "Social media? Not for us.")
    group = wait_answer(page).get_by_role("group", name="Which worry is closest?")
    labels = {o["id"]: o["label"] for o in httpx.get(live_server.url + "/v1/objections").json()}
    expect(group.get_by_role("button")).to_have_text([labels["no_budget"], labels["no_capacity"], labels["fad"]])
    group.get_by_role("button", name=labels["no_capacity"]).click()
    expect(wait_answer(page, 2).locator(".objection")).to_have_text("Objection: No capacity")
    assert asks[1] == {"question": "2", "audience": "chief_executive", "conversation_id": cid}


def test_business_case_streams_section_by_section(page, live_server):
    cases = sent_bodies(page, "/v1/case/stream")
    open_panel(page, live_server)
    page.get_by_role("button", name="Business case").click()  # at once: the default goes out as its id
    answer = wait_answer(page)
    assert cases == [{"audience": "chief_executive"}]
    expect(page.locator(".msg.user")).to_have_text(re.compile("business case for the chief executive", re.I))
    assert answer.get_by_role("heading").count() >= 4
    assert answer.locator("button.cite").count() >= 3


def test_copy_gives_the_answer_with_its_sources_as_plain_text(page, live_server, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    open_panel(page, live_server)
    ask(page, YOUNG)
    answer = wait_answer(page)
    answer.get_by_role("button", name="Copy with sources").click()
    expect(page.get_by_role("status")).to_have_text("Copied the answer and its sources")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "\nAcknowledge the concern\n- You're right" in copied and "**" not in copied
    assert "\n\nSources:\n[1] " in copied and "(second-hand report) https://" in copied


# --- feedback ------------------------------------------------------------------------------------


def has_route(app, path: str, method: str) -> bool:
    return method.lower() in app.openapi()["paths"].get(path, {})


def test_feedback_with_a_reason_and_comment_is_stored(page, live_server):
    if not has_route(live_server.app, "/v1/feedback", "POST"):
        pytest.skip("needs POST /v1/feedback and GET /v1/feedback (server side of issue 12)")
    posts = sent_bodies(page, "/v1/feedback")
    open_panel(page, live_server)
    ask(page, YOUNG)
    answer = wait_answer(page)
    answer.get_by_role("button", name="Not helpful").click()
    form = answer.get_by_role("form", name="Why was it not helpful?")
    expect(form.get_by_role("combobox", name="What was wrong?")).to_be_focused()
    form.get_by_role("combobox", name="What was wrong?").select_option(label="Too long or hard to use")
    form.get_by_role("textbox", name="Comment (optional)").fill("Good sources, but too long for our CEO.")
    form.get_by_role("button", name="Send feedback").click()
    expect(answer.get_by_text("Thank you: your feedback was saved.")).to_be_visible()
    expect(answer.get_by_role("button", name="Helpful", exact=True)).to_be_disabled()
    assert posts == [{
        "conversation_id": posts[0]["conversation_id"], "rating": "not_helpful", "reason": "too_long",
        "comment": "Good sources, but too long for our CEO.",
    }]
    stored = httpx.get(live_server.url + "/v1/feedback").json()
    items = stored["items"] if isinstance(stored, dict) else stored
    mine = [f for f in items if f["conversation_id"] == posts[0]["conversation_id"]]
    assert mine and mine[0]["rating"] == "not_helpful" and mine[0]["reason"] == "too_long"


# --- rehearsal ----------------------------------------------------------------------------------


def test_two_rehearsal_rounds_are_scored_with_the_stronger_version_a_click_away(page, live_server):
    replies = sent_bodies(page, "/v1/rehearse/reply")
    open_panel(page, live_server)
    page.get_by_role("button", name="Rehearse").click()
    expect(page.get_by_role("button", name="Rehearse")).to_have_attribute("aria-pressed", "true")
    leader = page.locator(".msg.leader")
    expect(leader).to_have_count(1)
    expect(leader.first).to_contain_text("Chief executive · round 1")
    reply_box = page.get_by_role("textbox", name="Your reply to the leader")
    expect(reply_box).to_be_focused()
    reply_box.fill("I hear you. Our Facebook reach rose 24.5% last year, and Ofcom finds most adults use "
                   "social media. Let's run a three-month pilot and report the response time in March.")
    reply_box.press("Enter")
    first = page.get_by_role("article", name="Scorecard, round 1")
    expect(first).to_contain_text(re.compile(r"\d of 4"))
    expect(first.locator(".scorecard li")).to_have_count(4)
    shot(page, "rehearsal-round-1")
    # Round 2: the leader's follow-up when the server gives one, else a new challenge.
    if leader.count() == 1:
        first.get_by_role("button", name="New challenge").click()
    expect(leader).to_have_count(2)
    expect(leader.nth(1)).to_contain_text(re.compile(r"round [12]"))
    reply_box.fill("Everyone is on social media now.")
    reply_box.press("Enter")
    second = page.get_by_role("article", name=re.compile(r"Scorecard, round [12]")).nth(1)
    expect(second).to_contain_text(re.compile(r"\d of 4"))
    assert len(replies) == 2 and all(r["objection"] and r["line"] for r in replies)
    assert replies[0]["audience"] == "chief_executive"
    toggle = second.get_by_role("button", name="Show the stronger version")
    toggle.click()
    expect(second.get_by_role("button", name="Hide the stronger version")).to_have_attribute("aria-expanded", "true")
    stronger = second.locator(".stronger article")
    expect(stronger).to_be_visible()
    assert stronger.locator("button.cite").count() >= 2
    expect(stronger.get_by_role("button", name="Helpful")).to_have_count(0)
    shot(page, "rehearsal-round-2")


# --- keyboard and accessibility ----------------------------------------------------------------


def test_keyboard_only(page, live_server):
    open_demo(page, live_server)
    launcher = page.get_by_role("button", name="Ask Upward")
    for _ in range(20):  # Tab from the top of the page until the launcher has focus
        page.keyboard.press("Tab")
        if launcher.evaluate("b => b.getRootNode().activeElement === b"):
            break
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    textbox = page.get_by_role("textbox", name="Your question")
    expect(textbox).to_be_focused()
    page.keyboard.type("Our finance director says")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("we can't justify staff time on Twitter.")
    assert textbox.input_value() == "Our finance director says\nwe can't justify staff time on Twitter."
    page.keyboard.press("Enter")
    answer = wait_answer(page)
    # Focus stays in the textbox; Shift+Tab walks back to the answer's last source link.
    expect(textbox).to_be_focused()
    cite = answer.locator("button.cite").first
    cite.focus()
    outline = cite.evaluate("b => getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth")
    assert outline == "solid 3px", "focus is visible"
    page.keyboard.press("Enter")
    view = page.get_by_role("region", name=re.compile(r"^Source \["))
    expect(view.get_by_role("heading")).to_be_focused()
    page.keyboard.press("Escape")  # Esc first closes the source, returning to its citation
    expect(cite).to_be_focused()
    page.keyboard.press("Escape")  # then closes the panel and returns focus to the launcher
    expect(page.get_by_role("log")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_shift_tab_reaches_everything_in_order(page, live_server):
    """Every control of the open panel is reachable with Tab alone, in reading order."""
    open_panel(page, live_server)
    names = []
    for _ in range(30):
        page.keyboard.press("Tab")
        name = page.evaluate("""() => {
            const w = document.querySelector('upward-widget');
            const el = w.shadowRoot.activeElement || document.activeElement;
            const name = el ? (el.getAttribute('aria-label') || el.textContent || el.tagName) : '';
            return name.replace(/^[^A-Za-z]+/, '').trim().slice(0, 40);
        }""")
        if names and name == names[0]:
            break
        names.append(name)
    for wanted in ["New conversation", "Close Upward", "Ask", "Rehearse", "Business case", "Conversation", "Send", "Ask Upward"]:
        assert wanted in names, (wanted, names)
    names = names[names.index("New conversation"):] + names[:names.index("New conversation")]
    assert names.index("Rehearse") < names.index("Business case") < names.index("Conversation") < names.index("Send")


def test_axe_finds_no_wcag_22_aa_violations_open_answered_source_and_rehearsal(page, live_server):
    open_panel(page, live_server)
    assert axe_violations(page, "open") == []
    ask(page, YOUNG)
    answer = wait_answer(page)
    assert axe_violations(page, "answered") == []
    answer.locator("button.cite").first.click()
    expect(page.get_by_role("region", name=re.compile(r"^Source \["))).to_be_visible()
    assert axe_violations(page, "source-open") == []
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Rehearse").click()
    expect(page.locator(".msg.leader")).to_have_count(1)
    ask(page, "Our reach rose 25.2% last year; let's pilot for three months.")
    scorecard = page.get_by_role("article", name="Scorecard, round 1")
    expect(scorecard).to_be_visible()
    scorecard.get_by_role("button", name="Show the stronger version").click()
    assert axe_violations(page, "rehearsal") == []


def test_reduced_motion_and_400_percent_zoom(browser, live_server):
    # 400% zoom of a 1280 px wide window is a 320 CSS px viewport (WCAG 1.4.10 reflow).
    ctx = browser.new_context(viewport={"width": 320, "height": 256}, reduced_motion="reduce")
    page = ctx.new_page()
    try:
        page.goto(live_server.url + "/")
        page.get_by_role("button", name="Ask Upward").click()
        textbox = page.get_by_role("textbox", name="Your question")
        expect(textbox).to_be_visible()
        panel = page.locator("section.panel")
        box = panel.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        textbox.fill(YOUNG)
        textbox.press("Enter")
        dot = page.locator(".progress .dot")
        expect(dot).to_be_attached()
        assert dot.evaluate("d => getComputedStyle(d).animationName") == "none"
        expect(page.locator("article.msg.bot")).not_to_have_attribute("aria-busy", "true", timeout=60_000)
        # Nothing is squeezed out of reach: the answer, its sources and the panel's own buttons
        # can all be scrolled to and seen.
        for part in [page.locator("article.msg.bot h3").first, page.locator("ol.sources li").last,
                     page.get_by_role("button", name="Close Upward"), page.get_by_role("button", name="Send")]:
            part.scroll_into_view_if_needed()
            expect(part).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        shot(page, "zoom-400")
    finally:
        ctx.close()


# --- security: hostile text, refused keys, rate limits -----------------------------------------

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def hostile_stream() -> str:
    citation = {
        "n": 1, "id": "hostile-1", "kind": "evidence", "title": f"Report {HOSTILE}", "publisher": HOSTILE,
        "year": "2024", "url": "javascript:window.__pwned=3", "page": None, "strength": "second-hand",
        "text": f"Stored text {HOSTILE}",
    }
    done = {
        "answer": f"**Heading {HOSTILE}**\n- A point {HOSTILE} [1]", "citations": [citation], "figures": [],
        "verified": True, "mode": "composed", "model": "test", "flow": "answer", "sections": [],
        "objection": {"type": "fake_news", "confidence": 1.0, "label": HOSTILE, "candidates": []},
        "conversation_id": "0" * 32, "audience": None,
    }
    return sse(("token", {"text": done["answer"]}), ("citations", {"citations": [citation]}), ("done", done))


def test_hostile_answer_and_source_text_is_rendered_inert(page, live_server):
    page.route("**/v1/ask/stream", lambda r: r.fulfill(status=200, content_type="text/event-stream", body=hostile_stream()))
    source = {"id": "hostile-1", "kind": "evidence", "title": f"Report {HOSTILE}", "text": f"Stored text {HOSTILE}",
              "source": "x.md", "publisher": HOSTILE, "year": "2024", "url": "data:text/html,<script>1</script>",
              "strength": "second-hand"}
    page.route("**/v1/sources/hostile-1", lambda r: r.fulfill(status=200, json=source))
    open_panel(page, live_server)
    ask(page, "Is this a fake news machine?")
    answer = wait_answer(page)
    expect(answer.locator(".answer")).to_contain_text(HOSTILE)  # shown as text, exactly
    expect(answer.locator(".objection")).to_have_text(f"Objection: {HOSTILE}")
    answer.get_by_role("button", name=re.compile(r"^Source \[1\]")).first.click()
    view = page.get_by_role("region", name="Source [1]")
    expect(view.locator("blockquote")).to_have_text(f"Stored text {HOSTILE}")
    expect(view.get_by_text("data:text/html,<script>1</script>")).to_be_visible()  # an address as text, not a link
    shot(page, "hostile-source")
    counts = widget_host(page).evaluate(
        "w => [w.shadowRoot.querySelectorAll('img, script').length, w.shadowRoot.querySelectorAll('a').length,"
        " Array.from(w.shadowRoot.querySelectorAll('a')).map(a => a.href)]"
    )
    assert counts[0] == 0, "no element was made from the text"
    assert all(href.startswith(("http:", "https:")) for href in counts[2]), counts[2]
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img, script:not([src])").count() == 0  # nothing escaped into the host page


def test_rate_limited_session_sees_a_friendly_message(page, live_server):
    page.route(
        "**/v1/ask/stream",
        lambda r: r.fulfill(status=429, headers={"Retry-After": "7"}, json={"detail": "rate limit"}),
    )
    open_panel(page, live_server)
    ask(page, YOUNG)
    expect(page.get_by_role("alert")).to_have_text("Too many requests. Please try again in 7 seconds.")
    expect(page.locator("article.msg.bot")).to_have_count(0)
    expect(page.get_by_role("button", name="Send")).to_be_enabled()


def test_a_refused_embed_key_is_explained(page, live_server):
    page.route("**/v1/ask/stream", lambda r: r.fulfill(status=403, json={"detail": "origin not allowed"}))
    open_panel(page, live_server)
    ask(page, YOUNG)
    expect(page.get_by_role("alert")).to_contain_text("Upward is not available on this page")


def test_briefing_button_only_when_the_server_offers_briefings(page, live_server):
    page.route("**/v1/features", lambda r: r.fulfill(status=200, json={"briefings": True}))
    made = {"id": "b1", "title": "Briefing: only for young people", "format": "docx", "file_name": "only-young.docx",
            "download": live_server.url + "/v1/briefings/b1", "figures_verified": 3, "sample": True}
    page.route("**/v1/briefings", lambda r: r.fulfill(status=201, json=made))
    page.route("**/v1/briefings/b1", lambda r: r.fulfill(
        status=200, body=b"PK\x03\x04 docx bytes",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    open_panel(page, live_server)
    ask(page, YOUNG)
    answer = wait_answer(page)
    with page.expect_download() as download:
        answer.get_by_role("button", name="Download briefing note").click()
    assert download.value.suggested_filename == "only-young.docx"


@pytest.mark.parametrize("features", [404, {"briefings": False}], ids=["older-server", "not-offered"])
def test_no_briefing_button_without_the_feature(page, live_server, features):
    if features == 404:
        page.route("**/v1/features", lambda r: r.fulfill(status=404, json={"detail": "Not Found"}))
    else:
        page.route("**/v1/features", lambda r: r.fulfill(status=200, json=features))
    open_panel(page, live_server)
    ask(page, YOUNG)
    answer = wait_answer(page)
    expect(answer.get_by_role("button", name="Copy with sources")).to_be_visible()
    expect(answer.get_by_role("button", name="Download briefing note")).to_be_hidden()


# --- data- attributes and inline mode -----------------------------------------------------------


def test_inline_mode_and_data_attributes(page, live_server):
    host = f"""<!doctype html><html lang="en"><head><title>Inline</title></head><body>
      <main><h1>Team page</h1><div id="slot"></div></main>
      <script src="{live_server.url}/widget.js" data-mode="inline" data-target="#slot" data-title="Ask Comms"
        data-accent="#ffd700" data-starters="First starter?|Second starter?" data-audience="FD" defer></script>
      </body></html>"""
    page.route(live_server.url + "/inline-test", lambda r: r.fulfill(status=200, content_type="text/html", body=host))
    page.goto(live_server.url + "/inline-test")
    widget = page.locator("#slot > upward-widget")
    expect(widget).to_have_attribute("data-mode", "inline")
    expect(page.get_by_role("heading", name="Ask Comms")).to_be_visible()
    expect(page.get_by_role("button", name="Ask Ask Comms")).to_have_count(0)  # no launcher inline
    expect(page.get_by_role("button", name="Close Ask Comms")).to_have_count(0)
    starters = page.locator(".starters button")
    expect(starters).to_have_text(["First starter?", "Second starter?"])
    expect(page.get_by_role("combobox", name="Audience")).to_have_value("FD")
    colours = widget.evaluate("w => [getComputedStyle(w).getPropertyValue('--accent').trim(),"
                              " getComputedStyle(w).getPropertyValue('--on-accent').trim(),"
                              " getComputedStyle(w).getPropertyValue('--link').trim()]")
    assert colours == ["#ffd700", "#000000", "#1f4e8c"], "black text on gold; links keep AA contrast"
    assert axe_violations(page, "inline") == []
    starters.nth(0).click()
    expect(page.locator(".msg.user")).to_contain_text("First starter?")
    wait_answer(page)


# --- the server's guards, seen from the widget (embed keys, origins, rate limits) --------------


def needs_guards(app) -> None:
    if not hasattr(app.state, "rate_limits") or not getattr(app.state, "demo_embed_key", None):
        pytest.skip("needs the server side of issue 12: embed keys, origin checks and rate limits")


@pytest.fixture
def foreign_page():
    """Another site's page (another loopback port: a public address may not reach loopback at
    all in Chromium) that carries the widget's tag; `serve(html)` gives its URL."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.browser.conftest import free_port

    page_html: list[bytes] = [b""]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page_html[0])

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(html: str) -> str:
        page_html[0] = html.encode("utf-8")
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    server.shutdown()
    server.server_close()


def test_a_foreign_origin_is_refused(page, live_server, foreign_page):
    needs_guards(live_server.app)
    key = live_server.app.state.demo_embed_key
    foreign = foreign_page("")
    # The server: the demo key is valid only from the demo page's own origin.
    ask_body = {"question": YOUNG}
    refused = httpx.post(live_server.url + "/v1/ask", json=ask_body,
                         headers={"Authorization": f"Bearer {key}", "Origin": foreign})
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers
    preflight = httpx.options(live_server.url + "/v1/ask/stream", headers={
        "Origin": foreign, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, x-upward-session"})
    assert preflight.status_code == 403
    # The widget on that page: the browser blocks the call, and the panel says so.
    host = f"""<!doctype html><html lang="en"><head><title>Elsewhere</title></head><body><main><h1>Elsewhere</h1></main>
      <script src="{live_server.url}/widget.js" data-embed-key="{key}" defer></script></body></html>"""
    foreign_page(host)
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(foreign + "/")
    page.get_by_role("button", name="Ask Upward").click()
    ask(page, YOUNG)
    expect(page.get_by_role("alert")).to_contain_text("Upward can't be reached from this page")
    assert live_server.url + "/v1/ask/stream" in failed
    expect(page.locator("article.msg.bot")).to_have_count(0)
    shot(page, "foreign-origin")


def test_a_rate_limited_session_sees_the_servers_retry_after(page, live_server, monkeypatch):
    needs_guards(live_server.app)
    from bot.security.access import RateLimits

    # Three calls per browser session: opening the panel makes them (audiences, objections,
    # features), so the question is the fourth.
    monkeypatch.setattr(live_server.app.state, "rate_limits", RateLimits(100_000, 3))
    statuses: list[int] = []
    page.on("response", lambda r: "/v1/" in r.url and statuses.append(r.status))
    open_panel(page, live_server)
    expect(page.get_by_role("combobox", name="Audience")).to_have_value("chief_executive")
    ask(page, YOUNG)
    expect(page.get_by_role("alert")).to_have_text(re.compile(r"^Too many requests\. Please try again in \d+ seconds?\.$"))
    assert statuses.count(429) == 1
    shot(page, "rate-limited")
