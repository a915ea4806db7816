/*
 * Upward web widget: one script tag puts the Upward panel on any page.
 *
 *   <script src="https://HOST/widget.js" data-embed-key="upw_…" defer></script>
 *
 * Options, as data- attributes on the script tag (or on an <upward-widget> element of your own):
 *   data-embed-key   the site's public embed key (sent as `Authorization: Bearer …`)
 *   data-mode        "launcher" (default: a button that opens the panel) or "inline" (the panel
 *                    sits in the page, where the tag is or inside data-target)
 *   data-target      inline mode: a CSS selector of the element to put the panel in
 *   data-title       the panel's title (default "Upward")
 *   data-accent      the accent colour, any CSS colour; the text on it is black or white, whichever
 *                    contrasts more, and links fall back to a dark blue if the accent is too light
 *   data-position    launcher mode: bottom-right (default), bottom-left, top-right or top-left
 *   data-starters    starter questions, separated by "|"
 *   data-audience    the default audience, by id or name ("finance director")
 *   data-api         the Upward server, if not the one widget.js comes from
 *
 * Security: the widget lives in an open Shadow DOM, so host CSS does not leak in or out. Nothing
 * from the server or the model is ever parsed as HTML: every text goes in through textContent
 * (or text nodes), and a link is made only for an http: or https: URL. Its styles are a
 * constructed stylesheet, so a host page's CSP needs no 'unsafe-inline'. Nothing is fetched
 * except the Upward API.
 */
(() => {
  "use strict";

  const TAG = "upward-widget";
  if (customElements.get(TAG)) return;

  const SCRIPT = document.currentScript;
  const DEFAULT_STARTERS = [
    "My chief executive says social media is a waste of time. How do I respond?",
    "Our finance director says we can't justify staff time on social media.",
    "How did our Facebook engagement change over the last year?",
  ];
  const POSITIONS = ["bottom-right", "bottom-left", "top-right", "top-left"];
  const DEFAULT_ACCENT = "#1f4e8c";
  const FEEDBACK_REASONS = [
    ["inaccurate", "Not accurate"],
    ["not_relevant", "Doesn't answer the question"],
    ["missing_evidence", "Missing or weak evidence"],
    ["too_long", "Too long or hard to use"],
    ["other", "Something else"],
  ];
  const SCORE_MARK = { true: "✓", false: "✗" };

  // --- small, safe helpers ------------------------------------------------------------------

  /** An http(s) URL, normalised, or null: `javascript:`, `data:` and relative URLs never link. */
  function safeUrl(value) {
    if (typeof value !== "string" || !value) return null;
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch {
      return null;
    }
  }

  /**
   * Build an element. Children that are strings become text nodes (never HTML). `href` only
   * takes a safe URL; event handlers are listeners, never attributes.
   */
  function h(tag, props = {}, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = value;
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else if (key === "hidden") el.hidden = true;
      else if (key === "href") {
        const url = safeUrl(value);
        if (url) el.setAttribute("href", url);
      } else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) el.append(child);
    }
    return el;
  }

  function randomId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function storage() {
    try {
      sessionStorage.setItem("upward:probe", "1");
      sessionStorage.removeItem("upward:probe");
      return sessionStorage;
    } catch {
      return null; // storage disabled: the conversation lasts as long as the page
    }
  }

  /** Relative luminance of an "rgb(r, g, b)" colour, as WCAG defines it. */
  function luminance(rgb) {
    const parts = (rgb.match(/[\d.]+/g) || ["0", "0", "0"]).slice(0, 3).map(Number);
    const [r, g, b] = parts.map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  function contrast(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }

  /** "in 30 seconds" from a Retry-After header (seconds or an HTTP date). */
  function retryWait(header) {
    if (!header) return "in a moment";
    let seconds = Number(header);
    if (!Number.isFinite(seconds)) seconds = Math.ceil((Date.parse(header) - Date.now()) / 1000);
    if (!Number.isFinite(seconds) || seconds <= 0) return "in a moment";
    seconds = Math.ceil(seconds);
    return seconds === 1 ? "in 1 second" : `in ${seconds} seconds`;
  }

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  /** What a person is told when a call fails: friendly, and never the raw HTML of an error page. */
  async function failure(response) {
    let detail = "";
    try {
      const body = await response.json();
      if (typeof body.detail === "string") detail = body.detail;
      else if (Array.isArray(body.detail)) detail = body.detail.map((d) => d && d.msg).filter(Boolean).join("; ");
    } catch {
      /* not JSON */
    }
    if (response.status === 429) {
      return new ApiError(`Too many requests. Please try again ${retryWait(response.headers.get("Retry-After"))}.`, 429);
    }
    if (response.status === 401 || (response.status === 403 && /origin|key/i.test(detail))) {
      return new ApiError("Upward is not available on this page: its embed key was refused. Please tell your intranet team.", response.status);
    }
    if (response.status === 403) return new ApiError("This page's access to Upward does not allow that.", 403);
    if (response.status === 413) return new ApiError("That message is too long. Please shorten it.", 413);
    if (response.status >= 500) return new ApiError("Upward ran into a problem. Please try again.", response.status);
    return new ApiError(detail || `Upward could not do that (error ${response.status}).`, response.status);
  }

  /** Server-sent events from a fetch response body: yields {event, data} with data parsed. */
  async function* readEvents(response) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    const boundary = /\r\n\r\n|\n\n|\r\r/;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let match;
      while ((match = boundary.exec(buffer))) {
        const block = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        const parsed = parseEvent(block);
        if (parsed) yield parsed;
      }
    }
    const last = parseEvent(buffer);
    if (last) yield last;
  }

  function parseEvent(block) {
    let event = "message";
    const data = [];
    for (const line of block.split(/\r\n|\n|\r/)) {
      if (!line || line.startsWith(":")) continue; // blank, or a keep-alive comment
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (!data.length) return null;
    try {
      return { event, data: JSON.parse(data.join("\n")) };
    } catch {
      return null;
    }
  }

  // --- rendering answers: a small, safe subset of the answer's Markdown -------------------------

  /**
   * Answer text as DOM: "**Heading**" lines become headings, "- " lines list items, other lines
   * paragraphs; **bold** stays bold, and [n] becomes a citation button once citation n is known.
   * Every piece of text is a text node.
   */
  function renderAnswerText(text, citations, makeCite) {
    const frag = document.createDocumentFragment();
    let list = null;
    for (const raw of String(text).split("\n")) {
      const line = raw.trimEnd();
      if (!line.trim()) {
        list = null;
        continue;
      }
      const heading = line.match(/^\s*\*\*([^*]+)\*\*\s*:?\s*$/) || line.match(/^\s*#{1,6}\s+(.*)$/);
      if (heading) {
        list = null;
        frag.append(h("h3", { class: "answer-heading" }, inline(heading[1], citations, makeCite)));
        continue;
      }
      const item = line.match(/^\s*[-*•]\s+(.*)$/);
      if (item) {
        if (!list) frag.append((list = h("ul")));
        list.append(h("li", {}, inline(item[1], citations, makeCite)));
        continue;
      }
      list = null;
      frag.append(h("p", {}, inline(line, citations, makeCite)));
    }
    return frag;
  }

  function inline(text, citations, makeCite) {
    const frag = document.createDocumentFragment();
    const pattern = /\*\*([^*]+)\*\*|\[(\d{1,3})\]/g;
    let last = 0;
    let match;
    while ((match = pattern.exec(text))) {
      frag.append(text.slice(last, match.index));
      if (match[1] !== undefined) frag.append(h("strong", {}, match[1]));
      else {
        const citation = citations.get(Number(match[2]));
        frag.append(citation ? makeCite(citation) : match[0]);
      }
      last = pattern.lastIndex;
    }
    frag.append(text.slice(last));
    return frag;
  }

  /** An answer with its sources, as plain text for the clipboard. */
  function plainText(answer) {
    const body = String(answer.answer || "")
      .split("\n")
      .map((line) => line.replace(/^\s*\*\*([^*]+)\*\*\s*$/, "$1").replace(/\*\*([^*]+)\*\*/g, "$1"))
      .join("\n")
      .trim();
    const cited = answer.citations || [];
    if (!cited.length) return body;
    const lines = cited.map((c) => {
      const meta = [c.publisher, c.year].filter(Boolean).join(", ");
      const second = c.strength === "second-hand" ? " (second-hand report)" : "";
      const url = safeUrl(c.url);
      return `[${c.n}] ${c.title}${meta ? ` — ${meta}` : ""}${second}${url ? ` ${url}` : ""}`;
    });
    return `${body}\n\nSources:\n${lines.join("\n")}`;
  }

  /** An own-data fact's provenance: explicit fields when the server sends them, else its text. */
  function provenance(source) {
    const text = String(source.text || "");
    const formula = source.formula || (text.match(/^Formula:\s*(.+?)\.\s*(?:Computed from|$)/m) || [])[1] || null;
    let files = source.files || (text.match(/Computed from (.+?)\.?\s*$/m) || [])[1] || null;
    if (Array.isArray(files)) files = files.map((f) => (typeof f === "string" ? f : f && f.file)).filter(Boolean).join(", ");
    const period = source.period_label || source.period || source.section || null;
    return { formula, files, period };
  }

  // --- styles ---------------------------------------------------------------------------------

  const STYLES = `
:host { all: initial; display: block; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 16px; line-height: 1.5; color: #1b1b1b;
  --accent: ${DEFAULT_ACCENT}; --on-accent: #ffffff; --link: ${DEFAULT_ACCENT}; --focus: #b35c00;
  --muted: #4b4b4b; --line: #c9ccd1; --soft: #f3f5f8; --danger: #a4161a; --ok: #1e6b34; }
:host([data-mode="launcher"]) { position: fixed; z-index: 2147483000; }
:host([data-position="bottom-right"]) { right: 16px; bottom: 16px; }
:host([data-position="bottom-left"]) { left: 16px; bottom: 16px; }
:host([data-position="top-right"]) { right: 16px; top: 16px; }
:host([data-position="top-left"]) { left: 16px; top: 16px; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button, select, textarea, input { font: inherit; color: inherit; }
button { cursor: pointer; border-radius: 6px; border: 1px solid var(--line); background: #fff; padding: 6px 10px; min-height: 32px; }
button:hover { background: var(--soft); }
button:disabled { cursor: not-allowed; color: #5f5f5f; background: #eceef1; }
button.primary { background: var(--accent); color: var(--on-accent); border-color: var(--accent); }
button.primary:hover { filter: brightness(1.1); }
button.primary:disabled { background: #eceef1; color: #5f5f5f; border-color: var(--line); filter: none; }
button.link { border: 0; background: none; padding: 0 2px; min-height: 0; color: var(--link); text-decoration: underline; text-align: left; }
a { color: var(--link); }
:focus { outline: none; }
:focus-visible, a:focus-visible, button:focus-visible, select:focus-visible, textarea:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px #fff; }
.launcher { display: inline-flex; align-items: center; gap: 8px; border-radius: 999px; padding: 10px 18px; min-height: 48px;
  background: var(--accent); color: var(--on-accent); border: 2px solid var(--on-accent); box-shadow: 0 2px 10px rgba(0,0,0,.25); font-weight: 600; }
.launcher:hover { background: var(--accent); filter: brightness(1.1); }
.panel { display: flex; flex-direction: column; background: #fff; color: #1b1b1b; border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
:host([data-mode="launcher"]) .panel { width: min(440px, calc(100vw - 32px)); height: min(680px, calc(100vh - 104px));
  box-shadow: 0 8px 30px rgba(0,0,0,.25); margin-bottom: 12px; }
:host([data-position^="top"]) .panel { margin: 12px 0 0; }
:host([data-mode="inline"]) .panel { width: 100%; min-height: 420px; height: 640px; max-height: 90vh; }
.panel-wrap { display: flex; flex-direction: column; align-items: flex-end; }
:host([data-position$="left"]) .panel-wrap { align-items: flex-start; }
:host([data-position^="top"]) .panel-wrap { flex-direction: column-reverse; }
header.bar { display: flex; align-items: center; gap: 8px; padding: 8px 12px; background: var(--accent); color: var(--on-accent); }
header.bar h2 { font-size: 1.05rem; margin: 0; flex: 1; }
header.bar button { background: transparent; color: var(--on-accent); border-color: var(--on-accent); }
header.bar button:hover { background: rgba(127,127,127,.2); }
header.bar :focus-visible { outline-color: var(--on-accent); box-shadow: 0 0 0 5px var(--accent); }
.controls { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; padding: 8px 12px; border-bottom: 1px solid var(--line); background: var(--soft); }
.controls label { font-size: .9rem; }
.controls select { border: 1px solid #767676; border-radius: 6px; padding: 4px 6px; background: #fff; max-width: 12em; }
.modes { display: inline-flex; gap: 4px; }
.modes button[aria-pressed="true"] { background: var(--accent); color: var(--on-accent); border-color: var(--accent); }
.body { flex: 1; overflow: auto; padding: 12px; scroll-behavior: smooth; }
.welcome p { margin: 0 0 8px; }
.starters { list-style: none; margin: 0 0 12px; padding: 0; display: grid; gap: 6px; }
.starters button { width: 100%; text-align: left; }
.log { display: grid; gap: 12px; }
.msg { border-radius: 8px; padding: 8px 12px; overflow-wrap: anywhere; }
.msg.user { background: var(--soft); border: 1px solid var(--line); margin-left: 24px; white-space: pre-wrap; }
.msg.bot, .msg.leader { border: 1px solid var(--line); }
.msg.leader { border-left: 4px solid var(--accent); }
.who { font-size: .8rem; font-weight: 700; color: var(--muted); margin: 0 0 4px; }
.msg p, .msg ul { margin: 0 0 8px; }
.msg ul { padding-left: 1.2em; }
.answer-heading { font-size: 1rem; margin: 10px 0 4px; }
.answer-heading:first-child { margin-top: 0; }
.objection { display: inline-block; font-size: .85rem; font-weight: 600; background: #e8eef7; color: #1b2f4d; border-radius: 4px; padding: 2px 8px; margin: 0 0 8px; }
.progress { display: flex; align-items: center; gap: 8px; color: var(--muted); font-size: .9rem; margin: 0 0 8px; }
.progress .dot { width: 10px; height: 10px; border-radius: 50%; background: var(--accent); animation: pulse 1s ease-in-out infinite alternate; flex: none; }
@keyframes pulse { from { opacity: .25; } to { opacity: 1; } }
.cite { border: 0; background: none; padding: 0 1px; min-height: 0; color: var(--link); text-decoration: underline; font-size: .85em; vertical-align: baseline; }
.candidates, .actions { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0 0; }
.sources { font-size: .9rem; margin: 8px 0 0; padding-left: 1.6em; }
.sources li { margin-bottom: 4px; }
.meta { color: var(--muted); }
.badge { display: inline-block; font-size: .8rem; border-radius: 4px; padding: 0 6px; background: #fff1cc; color: #4d3600; border: 1px solid #c89b2c; }
.notice { margin: 0 12px 8px; padding: 8px 12px; border-radius: 6px; background: #fde8e8; color: var(--danger); border: 1px solid var(--danger); }
.notice:empty { display: none; }
form.composer { border-top: 1px solid var(--line); padding: 8px 12px 10px; display: grid; grid-template-columns: 1fr auto; gap: 4px 8px; align-items: end; }
form.composer label { grid-column: 1 / -1; font-size: .9rem; font-weight: 600; }
form.composer textarea { resize: vertical; min-height: 44px; max-height: 40vh; border: 1px solid #767676; border-radius: 6px; padding: 6px 8px; width: 100%; }
form.composer .hint { grid-column: 1 / -1; margin: 0; font-size: .8rem; color: var(--muted); }
.source-view h3 { margin: 4px 0 8px; font-size: 1.05rem; }
.source-view dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 12px; font-size: .9rem; }
.source-view dt { font-weight: 700; }
.source-view dd { margin: 0; overflow-wrap: anywhere; }
.source-view blockquote { margin: 0 0 12px; padding: 8px 12px; background: var(--soft); border-left: 4px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
.scorecard { margin: 8px 0; padding: 0; list-style: none; display: grid; gap: 4px; }
.scorecard li { padding-left: 1.6em; text-indent: -1.6em; }
.scorecard .pass { color: var(--ok); font-weight: 700; }
.scorecard .fail { color: var(--danger); font-weight: 700; }
.feedback { display: grid; gap: 6px; margin-top: 8px; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
.feedback select, .feedback textarea { border: 1px solid #767676; border-radius: 6px; padding: 4px 6px; background: #fff; }
.thanks { color: var(--ok); font-size: .9rem; margin: 8px 0 0; }
@media (max-width: 480px) {
  :host([data-mode="launcher"]) { left: 0 !important; right: 0 !important; top: auto !important; bottom: 0 !important; }
  :host([data-mode="launcher"]) .panel { width: 100vw; height: calc(100vh - 72px); border-radius: 0; margin: 0; }
  :host([data-mode="launcher"]) .panel-wrap { align-items: stretch; }
  :host([data-mode="launcher"]) .launcher { margin: 8px; align-self: flex-end; }
}
@media (max-height: 480px) {
  /* Short windows (400% zoom): the whole panel scrolls, so no part is squeezed out of reach. */
  .panel { overflow: auto; }
  .panel > * { flex-shrink: 0; }
  .panel > .body { flex: none; overflow: visible; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
}
@media (forced-colors: active) { .launcher, button.primary, header.bar { border: 2px solid ButtonText; } }
`;

  let sheet = null;
  function styles() {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLES);
    }
    return sheet;
  }

  // --- the element ----------------------------------------------------------------------------

  class UpwardWidget extends HTMLElement {
    connectedCallback() {
      if (this.root) return;
      this.config = this.readConfig();
      this.setAttribute("data-mode", this.config.mode);
      if (this.config.mode === "launcher") this.setAttribute("data-position", this.config.position);
      this.root = this.attachShadow({ mode: "open" });
      this.root.adoptedStyleSheets = [styles()];
      this.store = storage();
      this.sessionId = this.remembered("session") || this.remember("session", randomId());
      const saved = this.load();
      this.conversationId = saved.conversationId || null;
      this.audience = "audience" in saved ? saved.audience : this.config.audience;
      this.transcript = saved.transcript || [];
      this.rehearsal = saved.rehearsal || null; // {objection, audience, line, round}
      this.mode = saved.mode === "rehearse" ? "rehearse" : "ask";
      this.busy = false;
      this.features = {};
      this.objectionLabels = new Map();
      this.loaded = null;
      this.build();
      this.applyColours();
      this.renderTranscript();
      if (this.config.mode === "inline") this.open({ focus: false });
    }

    disconnectedCallback() {
      if (this.controller) this.controller.abort();
    }

    readConfig() {
      const own = this.dataset;
      const tag = SCRIPT ? SCRIPT.dataset : {};
      const pick = (name) => (own[name] !== undefined ? own[name] : tag[name]);
      const src = SCRIPT && SCRIPT.src ? SCRIPT.src : location.href;
      const api = safeUrl(new URL(pick("api") || ".", src).href) || new URL(".", location.href).href;
      const starters = pick("starters");
      return {
        embedKey: pick("embedKey") || "",
        mode: pick("mode") === "inline" ? "inline" : "launcher",
        title: (pick("title") || "Upward").slice(0, 80),
        accent: pick("accent") || "",
        position: POSITIONS.includes(pick("position")) ? pick("position") : "bottom-right",
        starters: (starters ? starters.split("|") : DEFAULT_STARTERS).map((s) => s.trim()).filter(Boolean).slice(0, 6),
        audience: (pick("audience") || "").trim() || null,
        api: api.endsWith("/") ? api : `${api}/`,
      };
    }

    // Session storage, one namespace per server and key.
    key(name) {
      return `upward:${this.config.api}:${this.config.embedKey.slice(0, 24)}:${name}`;
    }
    remembered(name) {
      return this.store ? this.store.getItem(this.key(name)) : null;
    }
    remember(name, value) {
      if (this.store) {
        try {
          this.store.setItem(this.key(name), value);
        } catch {
          /* quota: keep going without */
        }
      }
      return value;
    }
    load() {
      try {
        return JSON.parse(this.remembered("conversation") || "{}") || {};
      } catch {
        return {};
      }
    }
    save() {
      const state = {
        conversationId: this.conversationId,
        audience: this.audience,
        transcript: this.transcript.slice(-40),
        rehearsal: this.rehearsal,
        mode: this.mode,
      };
      this.remember("conversation", JSON.stringify(state));
    }

    // --- building the panel -------------------------------------------------------------------

    build() {
      const c = this.config;
      const id = (name) => `upward-${name}`;
      this.launcher = h(
        "button",
        {
          class: "launcher",
          type: "button",
          "aria-expanded": "false",
          "aria-controls": id("panel"),
          onclick: () => (this.isOpen ? this.close() : this.open()),
        },
        h("span", { "aria-hidden": "true" }, "↑"),
        `Ask ${c.title}`,
      );
      this.closeButton = h("button", { type: "button", "aria-label": `Close ${c.title}`, onclick: () => this.close() }, "Close");
      this.newButton = h("button", { type: "button", onclick: () => this.newConversation() }, "New conversation");
      this.audienceSelect = h(
        "select",
        { id: id("audience"), onchange: () => this.setAudience(this.audienceSelect.value || null) },
        h("option", { value: "" }, "Anyone"),
      );
      this.askMode = h("button", { type: "button", "aria-pressed": "true", onclick: () => this.setMode("ask") }, "Ask");
      this.rehearseMode = h("button", { type: "button", "aria-pressed": "false", onclick: () => this.setMode("rehearse") }, "Rehearse");
      this.caseButton = h("button", { type: "button", onclick: () => this.businessCase() }, "Business case");
      this.starterList = h("ul", { class: "starters" });
      this.welcome = h(
        "div",
        { class: "welcome" },
        h("p", {}, "Ask how to answer a leader's objection to social media. Every figure comes with its source."),
        this.starterList,
      );
      this.log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Messages", "aria-relevant": "additions" });
      this.conversation = h("div", { class: "body", tabindex: "0", role: "region", "aria-label": "Conversation" }, this.welcome, this.log);
      this.sourceView = h("div", { class: "body source-view", role: "region", "aria-label": "Source", hidden: true });
      this.status = h("div", { class: "sr-only", role: "status" });
      this.notice = h("div", { class: "notice", role: "alert" });
      this.input = h("textarea", {
        id: id("input"),
        rows: "2",
        maxlength: "4000",
        "aria-describedby": id("hint"),
        onkeydown: (e) => this.onInputKey(e),
      });
      this.inputLabel = h("label", { for: id("input") }, "Your question");
      this.sendButton = h("button", { type: "submit", class: "primary" }, "Send");
      this.form = h(
        "form",
        { class: "composer", onsubmit: (e) => (e.preventDefault(), this.submit()) },
        this.inputLabel,
        this.input,
        this.sendButton,
        h("p", { class: "hint", id: id("hint") }, "Enter sends, Shift+Enter adds a new line."),
      );
      this.panel = h(
        "section",
        { class: "panel", id: id("panel"), "aria-labelledby": id("title"), hidden: c.mode === "launcher" },
        h(
          "header",
          { class: "bar" },
          h("h2", { id: id("title") }, c.title),
          this.newButton,
          c.mode === "launcher" ? this.closeButton : null,
        ),
        h(
          "div",
          { class: "controls" },
          h("div", { class: "modes", role: "group", "aria-label": "Mode" }, this.askMode, this.rehearseMode),
          h("span", {}, h("label", { for: id("audience") }, "Audience "), this.audienceSelect),
          this.caseButton,
        ),
        this.conversation,
        this.sourceView,
        this.notice,
        this.status,
        this.form,
      );
      const wrap = h("div", { class: "panel-wrap", onkeydown: (e) => this.onPanelKey(e) }, this.panel, c.mode === "launcher" ? this.launcher : null);
      this.root.append(wrap);
      for (const question of c.starters) {
        this.starterList.append(h("li", {}, h("button", { type: "button", onclick: () => this.ask(question) }, question)));
      }
      this.syncMode();
    }

    applyColours() {
      const accent = this.config.accent;
      if (!accent || !CSS.supports("color", accent)) return;
      const probe = h("span");
      probe.style.color = accent; // CSSOM, not a style attribute: allowed by a strict CSP
      this.root.append(probe);
      const rgb = getComputedStyle(probe).color;
      probe.remove();
      const white = "rgb(255, 255, 255)";
      const black = "rgb(0, 0, 0)";
      this.style.setProperty("--accent", accent);
      this.style.setProperty("--on-accent", contrast(rgb, white) >= contrast(rgb, black) ? "#ffffff" : "#000000");
      if (contrast(rgb, white) >= 4.5) this.style.setProperty("--link", accent);
    }

    // --- opening, closing, keys ---------------------------------------------------------------

    get isOpen() {
      return !this.panel.hidden;
    }

    open({ focus = true } = {}) {
      this.panel.hidden = false;
      this.launcher.setAttribute("aria-expanded", "true");
      this.loadServerData();
      if (focus) this.input.focus();
      this.scrollToEnd();
    }

    close() {
      if (this.config.mode !== "launcher") return;
      this.panel.hidden = true;
      this.launcher.setAttribute("aria-expanded", "false");
      this.launcher.focus();
    }

    onPanelKey(event) {
      if (event.key !== "Escape") return;
      event.stopPropagation();
      if (!this.sourceView.hidden) this.closeSource();
      else if (this.isOpen) this.close();
    }

    onInputKey(event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    }

    // --- server calls -------------------------------------------------------------------------

    headers(json = true) {
      const headers = { Accept: "application/json", "X-Upward-Session": this.sessionId };
      if (json) headers["Content-Type"] = "application/json";
      if (this.config.embedKey) headers.Authorization = `Bearer ${this.config.embedKey}`;
      return headers;
    }

    url(path) {
      return new URL(path.replace(/^\//, ""), this.config.api).href;
    }

    async call(path, { method = "GET", body, signal, accept } = {}) {
      let response;
      try {
        response = await fetch(this.url(path), {
          method,
          headers: { ...this.headers(body !== undefined), ...(accept ? { Accept: accept } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
          credentials: "omit",
          mode: "cors",
        });
      } catch (error) {
        if (error.name === "AbortError") throw error;
        throw new ApiError("Upward can't be reached from this page. Check your connection, or ask your intranet team whether this site may use it.", 0);
      }
      if (!response.ok) throw await failure(response);
      return response;
    }

    async json(path, options) {
      return (await this.call(path, options)).json();
    }

    /** Audiences, objection labels and features, once per page. */
    loadServerData() {
      if (this.loaded) return this.loaded;
      const audiences = this.json("/v1/audiences").then((list) => this.fillAudiences(list), () => this.fillAudiences([]));
      const objections = this.json("/v1/objections").then(
        (list) => list.forEach((o) => this.objectionLabels.set(o.id, o.label)),
        () => {},
      );
      const features = this.json("/v1/features").then(
        (found) => (this.features = found && typeof found === "object" ? found : {}),
        () => (this.features = {}), // 404 (an older server) or refused: no optional features
      );
      this.loaded = Promise.all([audiences, objections, features]).then(() => this.refreshFeatureButtons());
      return this.loaded;
    }

    fillAudiences(list) {
      const wanted = (this.audience || "").toLowerCase();
      let matched = null;
      for (const a of list) {
        this.audienceSelect.append(h("option", { value: a.id }, a.label));
        if (wanted && (a.id.toLowerCase() === wanted || a.label.toLowerCase() === wanted || a.id.replace(/_/g, " ") === wanted)) matched = a.id;
      }
      if (this.audience && !matched) {
        // A name the server understands but does not list ("FD", "s151 officer"): keep it as given.
        this.audienceSelect.append(h("option", { value: this.audience }, this.audience));
        matched = this.audience;
      }
      this.audience = matched;
      this.audienceSelect.value = matched || "";
    }

    setAudience(value) {
      this.audience = value;
      this.save();
      if (this.mode === "rehearse" && !this.busy) this.startChallenge();
    }

    // --- conversation -------------------------------------------------------------------------

    newConversation() {
      if (this.controller) this.controller.abort();
      this.conversationId = null;
      this.transcript = [];
      this.rehearsal = null;
      this.audience = this.config.audience;
      const option = Array.from(this.audienceSelect.options).find(
        (o) => this.audience && (o.value === this.audience || o.textContent.toLowerCase() === this.audience.toLowerCase()),
      );
      this.audience = option ? option.value : null;
      this.audienceSelect.value = this.audience || "";
      this.notice.textContent = "";
      this.closeSource({ focus: false });
      this.log.replaceChildren();
      this.save();
      this.syncMode();
      this.announce("New conversation started");
      if (this.mode === "rehearse") this.startChallenge();
      this.input.focus();
    }

    setMode(mode) {
      if (this.mode === mode || this.busy) return;
      this.mode = mode;
      this.save();
      this.syncMode();
      if (mode === "rehearse" && !this.rehearsal) this.startChallenge();
      this.input.focus();
    }

    syncMode() {
      const rehearsing = this.mode === "rehearse";
      this.askMode.setAttribute("aria-pressed", String(!rehearsing));
      this.rehearseMode.setAttribute("aria-pressed", String(rehearsing));
      this.inputLabel.textContent = rehearsing ? "Your reply to the leader" : "Your question";
      this.caseButton.hidden = rehearsing;
      this.welcome.hidden = rehearsing || this.transcript.length > 0;
    }

    setBusy(busy) {
      this.busy = busy;
      this.sendButton.disabled = busy;
      this.caseButton.disabled = busy;
      for (const b of this.root.querySelectorAll(".candidates button, .starters button")) b.disabled = busy;
    }

    submit() {
      const text = this.input.value.trim();
      if (!text || this.busy) return;
      if (this.mode === "rehearse") this.replyToLeader(text);
      else this.ask(text);
    }

    ask(question, { shown = question } = {}) {
      if (this.busy) return;
      this.input.value = "";
      this.addUser(shown);
      return this.stream("/v1/ask/stream", () => {
        const body = { question };
        if (this.audience) body.audience = this.audience;
        if (this.conversationId) body.conversation_id = this.conversationId;
        return body;
      });
    }

    businessCase() {
      if (this.busy) return;
      const option = Array.from(this.audienceSelect.options).find((o) => o.value === this.audience);
      const who = this.audience ? (option ? option.textContent : this.audience) : null;
      this.addUser(who ? `A business case for the ${who.toLowerCase()}` : "A business case");
      return this.stream("/v1/case/stream", () => {
        const body = {};
        if (this.audience) body.audience = this.audience;
        if (this.conversationId) body.conversation_id = this.conversationId;
        return body;
      });
    }

    addUser(text) {
      this.transcript.push({ kind: "user", text });
      this.save();
      this.welcome.hidden = true;
      this.log.append(this.userMessage(text));
      this.scrollToEnd();
    }

    /**
     * POST a request and render its event stream into a new answer message. The body is built
     * once the audiences are known, so a default audience goes out as its id.
     */
    async stream(path, makeBody) {
      this.setBusy(true);
      this.notice.textContent = "";
      this.status.textContent = "";
      const view = this.answerMessage(null);
      view.article.setAttribute("aria-busy", "true");
      view.progress(null);
      this.log.append(view.article);
      this.scrollToEnd();
      const controller = (this.controller = new AbortController());
      let finished = false;
      try {
        await this.loadServerData();
        const body = makeBody();
        const response = await this.call(path, { method: "POST", body, signal: controller.signal, accept: "text/event-stream" });
        for await (const { event, data } of readEvents(response)) {
          if (event === "status") view.progress(data.message || data.stage || "Working");
          else if (event === "token") view.append(String(data.text ?? ""));
          else if (event === "citations") view.cite(data.citations || []);
          else if (event === "done") {
            finished = true;
            this.conversationId = data.conversation_id || this.conversationId;
            this.transcript.push({ kind: "answer", answer: data });
            this.save();
            view.finish(data);
            this.announce("Answer ready");
          } else if (event === "error") {
            throw new ApiError(String(data.message || "Upward could not answer that."), 0);
          }
        }
        if (!finished) throw new ApiError("The answer was cut off. Please try again.", 0);
      } catch (error) {
        if (error.name === "AbortError") view.article.remove();
        else {
          view.article.remove();
          this.showError(error);
        }
      } finally {
        view.article.removeAttribute("aria-busy");
        if (this.controller === controller) this.controller = null;
        this.setBusy(false);
        this.scrollToEnd();
      }
    }

    showError(error) {
      this.notice.textContent = error instanceof ApiError ? error.message : "Something went wrong. Please try again.";
    }

    announce(text) {
      // Cleared first so that the same words are announced again.
      this.status.textContent = "";
      setTimeout(() => (this.status.textContent = text), 50);
    }

    scrollToEnd() {
      this.conversation.scrollTop = this.conversation.scrollHeight;
    }

    // --- messages -----------------------------------------------------------------------------

    userMessage(text) {
      return h("div", { class: "msg user" }, h("p", { class: "who" }, "You"), text);
    }

    citeButton(citation) {
      return h(
        "button",
        {
          type: "button",
          class: "cite",
          "aria-label": `Source [${citation.n}]: ${citation.title}`,
          onclick: (e) => this.openSource(citation, e.currentTarget),
        },
        `[${citation.n}]`,
      );
    }

    /**
     * An answer message. While streaming: `progress`, `append` (tokens), `cite` (citations known)
     * and `finish` (the whole Answer); a stored answer is rendered finished at once.
     */
    answerMessage(answer, { actions = true } = {}) {
      const article = h("article", { class: "msg bot", "aria-label": `Answer from ${this.config.title}` });
      const label = h("p", { class: "objection", hidden: true });
      const progressLine = h("p", { class: "progress", hidden: true }, h("span", { class: "dot", "aria-hidden": "true" }), h("span"));
      const body = h("div", { class: "answer" });
      article.append(h("p", { class: "who" }, this.config.title), label, progressLine, body);
      const citations = new Map();
      let text = "";
      let pending = false;
      const render = () => {
        pending = false;
        body.replaceChildren(renderAnswerText(text, citations, (c) => this.citeButton(c)));
      };
      const schedule = () => {
        if (!pending) {
          pending = true;
          requestAnimationFrame(render);
        }
      };
      const view = {
        article,
        progress: (message) => {
          progressLine.hidden = false;
          progressLine.lastChild.textContent = message || "Working on it…";
        },
        append: (piece) => {
          text += piece;
          schedule();
          if (this.isNearEnd()) this.scrollToEnd();
        },
        cite: (list) => {
          for (const c of list) citations.set(c.n, c);
          schedule();
        },
        finish: (done) => {
          progressLine.hidden = true;
          text = String(done.answer || "");
          for (const c of done.citations || []) citations.set(c.n, c);
          render();
          this.decorate(article, label, done, { actions });
        },
      };
      if (answer) view.finish(answer);
      return view;
    }

    isNearEnd() {
      const el = this.conversation;
      return el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    }

    /** Objection label, clarifying candidates, sources and the actions under a finished answer. */
    decorate(article, label, answer, { actions = true } = {}) {
      const objection = answer.objection;
      if (objection && objection.type && objection.type !== "unclear") {
        label.hidden = false;
        label.textContent = `Objection: ${objection.label || this.objectionLabels.get(objection.type) || objection.type}`;
      }
      if (objection && objection.type === "unclear" && (objection.candidates || []).length) {
        const group = h("div", { class: "candidates", role: "group", "aria-label": "Which worry is closest?" });
        objection.candidates.forEach((type, i) => {
          const name = this.objectionLabels.get(type) || type.replace(/_/g, " ");
          group.append(
            h("button", { type: "button", onclick: () => this.ask(String(i + 1), { shown: name }) }, name),
          );
        });
        article.append(group);
        // The labels may arrive after a stored answer is drawn.
        this.loadServerData().then(() => {
          objection.candidates.forEach((type, i) => {
            const label = this.objectionLabels.get(type);
            if (label && group.children[i]) group.children[i].textContent = label;
          });
        });
      }
      const cited = answer.citations || [];
      if (cited.length) {
        const list = h("ol", { class: "sources", "aria-label": "Sources" });
        for (const c of cited) {
          const meta = [c.publisher, c.year].filter(Boolean).join(", ");
          const url = safeUrl(c.url);
          list.append(
            h(
              "li",
              { value: String(c.n) },
              h("button", { type: "button", class: "link", "aria-label": `Open source [${c.n}]: ${c.title}`, onclick: (e) => this.openSource(c, e.currentTarget) }, c.title),
              meta ? h("span", { class: "meta" }, ` — ${meta}`) : null,
              c.strength === "second-hand" ? [" ", h("span", { class: "badge" }, "second-hand report")] : null,
              url ? [" ", h("a", { href: url, target: "_blank", rel: "noopener noreferrer", "aria-label": `Original of source [${c.n}] (opens in a new tab)` }, "original")] : null,
            ),
          );
        }
        article.append(h("p", { class: "who" }, "Sources"), list);
      }
      if (actions) this.answerActions(article, answer);
    }

    answerActions(article, answer) {
      const row = h("div", { class: "actions" });
      const copy = h("button", { type: "button", onclick: () => this.copy(answer) }, "Copy with sources");
      row.append(copy);
      if (answer.conversation_id) {
        const helpful = h("button", { type: "button", onclick: () => this.feedback(article, answer, "helpful") }, "Helpful");
        const notHelpful = h("button", { type: "button", onclick: () => this.feedback(article, answer, "not_helpful") }, "Not helpful");
        row.append(helpful, notHelpful);
        const briefing = h("button", { type: "button", class: "briefing", hidden: !this.features.briefings, onclick: (e) => this.briefing(answer, e.currentTarget) }, "Download briefing note");
        row.append(briefing);
      }
      article.append(row);
    }

    refreshFeatureButtons() {
      for (const b of this.root.querySelectorAll("button.briefing")) b.hidden = !this.features.briefings;
    }

    async copy(answer) {
      const text = plainText(answer);
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        const area = h("textarea", { class: "sr-only", "aria-hidden": "true", tabindex: "-1" });
        area.value = text;
        this.root.append(area);
        area.select();
        document.execCommand("copy");
        area.remove();
      }
      this.announce("Copied the answer and its sources");
    }

    feedback(article, answer, rating) {
      if (article.querySelector(".feedback")) return;
      const ask = rating === "not_helpful";
      const base = `upward-fb-${randomId().slice(0, 8)}`;
      const reason = h("select", { id: `${base}-reason` }, h("option", { value: "" }, "Choose a reason"), FEEDBACK_REASONS.map(([v, l]) => h("option", { value: v }, l)));
      const comment = h("textarea", { id: `${base}-comment`, rows: "2", maxlength: "2000" });
      const send = h("button", { type: "submit", class: "primary" }, "Send feedback");
      const cancel = h("button", { type: "button", onclick: () => form.remove() }, "Cancel");
      const form = h(
        "form",
        { class: "feedback", "aria-label": ask ? "Why was it not helpful?" : "Feedback", onsubmit: (e) => (e.preventDefault(), submitFeedback()) },
        ask ? [h("label", { for: reason.id }, "What was wrong?"), reason] : h("p", { class: "meta" }, "Thanks! Anything to add? (optional)"),
        h("label", { for: comment.id }, "Comment (optional)"),
        comment,
        h("div", { class: "actions" }, send, cancel),
      );
      const submitFeedback = async () => {
        const body = { conversation_id: answer.conversation_id, rating };
        if (reason.value) body.reason = reason.value;
        if (comment.value.trim()) body.comment = comment.value.trim();
        send.disabled = true;
        try {
          await this.json("/v1/feedback", { method: "POST", body });
          form.replaceWith(h("p", { class: "thanks", role: "status" }, "Thank you: your feedback was saved."));
          for (const b of article.querySelectorAll(".actions button")) {
            if (b.textContent === "Helpful" || b.textContent === "Not helpful") b.disabled = true;
          }
        } catch (error) {
          send.disabled = false;
          this.showError(error);
        }
      };
      article.append(form);
      (ask ? reason : comment).focus();
    }

    async briefing(answer, button) {
      button.disabled = true;
      try {
        const made = await this.json("/v1/briefings", { method: "POST", body: { conversation_id: answer.conversation_id } });
        const target = new URL(made.download_url || made.download, this.config.api);
        if (target.origin !== new URL(this.config.api).origin) throw new ApiError("The briefing note link was not from Upward.", 0);
        const response = await this.call(target.pathname + target.search, { accept: "*/*" });
        const blob = await response.blob();
        const name = (made.file_name || `${made.title || "briefing-note"}.docx`).replace(/[^\w .-]+/g, "").slice(0, 100);
        const link = h("a", { download: name || "briefing-note.docx" });
        link.href = URL.createObjectURL(blob); // blob: URL made here from our own bytes
        this.root.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 10000);
        this.announce("Briefing note downloaded");
      } catch (error) {
        this.showError(error);
      } finally {
        button.disabled = false;
      }
    }

    // --- sources ------------------------------------------------------------------------------

    async openSource(citation, opener) {
      this.sourceOpener = opener || null;
      const view = this.sourceView;
      const back = h("button", { type: "button", onclick: () => this.closeSource() }, "← Back to the conversation");
      const heading = h("h3", { tabindex: "-1" }, `Source [${citation.n}]: ${citation.title}`);
      const loading = h("p", { class: "meta" }, "Loading the stored text…");
      view.replaceChildren(back, heading, loading);
      view.setAttribute("aria-label", `Source [${citation.n}]`);
      this.conversation.hidden = true;
      view.hidden = false;
      heading.focus();
      let source;
      try {
        source = await this.json(`/v1/sources/${encodeURIComponent(citation.id)}`);
      } catch (error) {
        source = { ...citation, unavailable: error instanceof ApiError ? error.message : "The source could not be loaded." };
      }
      if (view.hidden) return;
      const details = h("dl");
      const row = (term, value) => value && details.append(h("dt", {}, term), h("dd", {}, value));
      row("Publisher", source.publisher);
      row("Year", source.year);
      if (source.page) row("Page", String(source.page));
      row("Kind", source.kind === "audit" ? "Our own data" : source.kind);
      if (source.strength === "second-hand") {
        details.append(h("dt", {}, "Strength"), h("dd", {}, h("span", { class: "badge" }, "second-hand report"), " — the figure is quoted from another publication"));
      } else row("Strength", source.strength);
      if (source.kind === "audit") {
        const own = provenance(source);
        row("Period", own.period);
        row("Formula", own.formula);
        row("Files", own.files);
      }
      const url = safeUrl(source.url);
      if (url) details.append(h("dt", {}, "Link"), h("dd", {}, h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url)));
      else if (source.url) row("Address", String(source.url)); // shown as text only, never a link
      // Appended, not re-rendered: the focused heading stays where it is.
      const parts = [details];
      if (source.unavailable) parts.push(h("p", { class: "meta" }, source.unavailable));
      parts.push(h("p", { class: "who" }, "Exact stored text"), h("blockquote", {}, String(source.text || citation.text || "")));
      loading.replaceWith(...parts);
    }

    closeSource({ focus = true } = {}) {
      if (this.sourceView.hidden) return;
      this.sourceView.hidden = true;
      this.sourceView.replaceChildren();
      this.conversation.hidden = false;
      if (focus) (this.sourceOpener && this.sourceOpener.isConnected ? this.sourceOpener : this.input).focus();
      this.sourceOpener = null;
    }

    // --- rehearsal ----------------------------------------------------------------------------

    async startChallenge() {
      if (this.busy) return;
      this.setBusy(true);
      this.notice.textContent = "";
      try {
        await this.loadServerData();
        const body = {};
        if (this.audience) body.audience = this.audience;
        const challenge = await this.json("/v1/rehearse", { method: "POST", body });
        this.rehearsal = { objection: challenge.objection.type, audience: this.audience, line: challenge.line, round: 1, who: challenge.audience };
        const item = { kind: "leader", line: challenge.line, who: challenge.audience, label: challenge.objection.label, round: 1 };
        this.transcript.push(item);
        this.save();
        this.welcome.hidden = true;
        this.log.append(this.leaderMessage(item));
        this.announce("The leader has spoken: type your reply");
      } catch (error) {
        this.showError(error);
      } finally {
        this.setBusy(false);
        this.scrollToEnd();
      }
    }

    async replyToLeader(reply) {
      if (!this.rehearsal) return this.startChallenge();
      this.setBusy(true);
      this.notice.textContent = "";
      this.input.value = "";
      this.addUser(reply);
      const round = this.rehearsal;
      try {
        const body = { objection: round.objection, reply, line: round.line };
        if (round.audience) body.audience = round.audience;
        const scored = await this.json("/v1/rehearse/reply", { method: "POST", body });
        const item = { kind: "score", rehearsal: scored, round: round.round };
        this.transcript.push(item);
        this.log.append(this.scoreMessage(item));
        if (scored.next_line) {
          this.rehearsal = { ...round, line: scored.next_line, round: round.round + 1 };
          const next = { kind: "leader", line: scored.next_line, who: round.who, round: round.round + 1 };
          this.transcript.push(next);
          this.log.append(this.leaderMessage(next));
        } else {
          this.rehearsal = null; // this objection is played out: the next round is a new challenge
        }
        this.save();
        this.announce(`Scored ${scored.scorecard.score} of ${scored.scorecard.out_of}`);
      } catch (error) {
        this.showError(error);
      } finally {
        this.setBusy(false);
        this.scrollToEnd();
      }
    }

    leaderMessage(item) {
      return h(
        "div",
        { class: "msg leader" },
        h("p", { class: "who" }, `${item.who || "The leader"} · round ${item.round}`),
        item.label ? h("p", { class: "objection" }, `Objection: ${item.label}`) : null,
        h("p", {}, item.line),
      );
    }

    scoreMessage(item) {
      const r = item.rehearsal;
      const card = r.scorecard;
      const list = h("ul", { class: "scorecard" });
      for (const c of card.criteria) {
        list.append(
          h(
            "li",
            {},
            h("span", { class: c.passed ? "pass" : "fail", "aria-hidden": "true" }, `${SCORE_MARK[c.passed]} `),
            h("strong", {}, `${c.label}: ${c.passed ? "yes" : "not yet"}. `),
            c.note,
          ),
        );
      }
      const stronger = h("div", { hidden: true, class: "stronger" });
      const toggle = h(
        "button",
        {
          type: "button",
          "aria-expanded": "false",
          onclick: () => {
            const show = stronger.hidden;
            stronger.hidden = !show;
            toggle.setAttribute("aria-expanded", String(show));
            toggle.textContent = show ? "Hide the stronger version" : "Show the stronger version";
          },
        },
        "Show the stronger version",
      );
      // The stronger version is part of this round: no feedback or briefing buttons of its own.
      const view = this.answerMessage(r.stronger, { actions: false });
      stronger.append(view.article);
      const next = h("button", { type: "button", class: "primary", onclick: () => this.startChallenge() }, "New challenge");
      return h(
        "article",
        { class: "msg bot", "aria-label": `Scorecard, round ${item.round}` },
        h("p", { class: "who" }, `Scorecard · round ${item.round}`),
        h("p", {}, h("strong", {}, `${card.score} of ${card.out_of}`), ` — ${card.summary}`),
        list,
        h("div", { class: "actions" }, toggle, next),
        stronger,
      );
    }

    renderTranscript() {
      this.log.replaceChildren();
      for (const item of this.transcript) {
        if (item.kind === "user") this.log.append(this.userMessage(item.text));
        else if (item.kind === "answer") this.log.append(this.answerMessage(item.answer).article);
        else if (item.kind === "leader") this.log.append(this.leaderMessage(item));
        else if (item.kind === "score") this.log.append(this.scoreMessage(item));
      }
      this.syncMode();
    }
  }

  customElements.define(TAG, UpwardWidget);

  // One tag embeds it: unless the page placed <upward-widget> itself, the script adds one.
  function mount() {
    if (document.querySelector(TAG)) return;
    const element = document.createElement(TAG);
    const data = SCRIPT ? SCRIPT.dataset : {};
    if (data.mode === "inline") {
      const target = data.target ? document.querySelector(data.target) : null;
      if (target) target.append(element);
      else if (SCRIPT && SCRIPT.parentNode && SCRIPT.parentNode !== document.head) SCRIPT.after(element);
      else document.body.append(element);
    } else document.body.append(element);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount, { once: true });
  else mount();
})();
