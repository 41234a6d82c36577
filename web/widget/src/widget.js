// Clearview rights assistant: the embeddable chat widget.
//
// One script tag on the NGO's page:
//   <script src="https://assistant.example/webhooks/widget/widget.js"
//           data-server="https://assistant.example" data-language="fr"
//           data-title="…" data-color="#…" data-contact="mailto:…" defer></script>
//
// Everything (this file, the socket.io connection, letter downloads) comes from the
// assistant's own server; nothing else is fetched. Bot and user text is only ever inserted
// with textContent; links are built as <a> elements for http(s) URLs only.

import { io } from "socket.io-client";

import { themeFor } from "./color.js";
import { STRINGS, negotiateLanguage } from "./i18n.js";
import CSS from "./styles.css";

const STORE_VERSION = 2;
// The transcript is kept on the device only while the conversation is active: after this much
// inactivity it is deleted, even if the page stays open, as the server's session ends
// (domain.yml session_expiration_time). The letter and its download links (a name, an
// e-mail address) are never written to storage: a reload shows a note in their place.
const KEEP_MINUTES = 60;
const EXPIRY_CHECK_MS = 60 * 1000;
const MAX_ENTRIES = 300;
const MAX_INPUT = 4096; // the server's limit (bot/settings.py Limits.message_chars)
const TYPING_TIMEOUT_MS = 20000;
const SAFE_PROTOCOLS = ["http:", "https:"];
const CONTACT_PROTOCOLS = ["http:", "https:", "mailto:", "tel:"];
const URL_RE = /https?:\/\/[^\s<>"'`]+/gi;

const ICONS = {
  chat: '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-4.3 3.6A.6.6 0 0 1 3.7 21V18H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.2a1.3 1.3 0 1 0 0 2.6 1.3 1.3 0 0 0 0-2.6zm5 0a1.3 1.3 0 1 0 0 2.6 1.3 1.3 0 0 0 0-2.6zm5 0a1.3 1.3 0 1 0 0 2.6 1.3 1.3 0 0 0 0-2.6z"/></svg>',
  close: '<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg>',
  restart: '<svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" d="M4 12a8 8 0 1 0 2.4-5.7M4 4v4.5h4.5"/></svg>',
  send: '<svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z"/></svg>',
  shield: '<svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" d="M12 3l7 3v5.5c0 4.3-2.9 8-7 9.5-4.1-1.5-7-5.2-7-9.5V6z"/><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" d="M9 12l2 2 4-4"/></svg>',
  copy: '<svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2.2" stroke-linejoin="round" d="M9 9h11v11H9zM5 15H4V4h11v1"/></svg>',
};

// ---------------------------------------------------------------------------------------
// Configuration from the script tag

function findScript() {
  if (document.currentScript) return document.currentScript;
  const all = document.querySelectorAll('script[src*="/webhooks/widget/widget.js"]');
  return all.length ? all[all.length - 1] : null;
}

function httpOrigin(value) {
  try {
    const url = new URL(value, document.baseURI);
    return SAFE_PROTOCOLS.includes(url.protocol) ? url.origin : null;
  } catch (_) {
    return null;
  }
}

function readConfig(script) {
  const data = script ? script.dataset : {};
  const server = httpOrigin(data.server || "") || (script && httpOrigin(script.src));
  const prefs = [data.language, document.documentElement.lang]
    .concat(navigator.languages ? Array.from(navigator.languages) : [])
    .concat([navigator.language]);
  const language = negotiateLanguage(prefs.filter(Boolean));
  let contact = null;
  if (data.contact) {
    try {
      const url = new URL(data.contact, document.baseURI);
      if (CONTACT_PROTOCOLS.includes(url.protocol)) contact = url.href;
    } catch (_) {
      contact = null;
    }
  }
  return {
    server,
    language,
    title: (data.title || "").trim(),
    color: data.color || "",
    contact,
    startPayload: data.startPayload === undefined ? "/greet" : data.startPayload.trim(),
  };
}

// ---------------------------------------------------------------------------------------
// Small helpers

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children || []) if (child) node.append(child);
  return node;
}

function icon(name) {
  // Our own constant SVG markup, never data from the bot or the user.
  const template = document.createElement("template");
  template.innerHTML = ICONS[name];
  return template.content.firstChild;
}

function safeUrl(value) {
  try {
    const url = new URL(value);
    return SAFE_PROTOCOLS.includes(url.protocol) ? url.href : null;
  } catch (_) {
    return null;
  }
}

/** Text nodes and <a> elements for `text`: http(s) URLs become links, the rest stays text. */
function linkify(text, strings) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let raw = match[0];
    const trailing = /[.,;:!?)\]]+$/.exec(raw);
    if (trailing) raw = raw.slice(0, -trailing[0].length);
    const href = safeUrl(raw);
    if (!href) continue;
    fragment.append(document.createTextNode(text.slice(last, match.index)));
    const link = el("a", { href, target: "_blank", rel: "noopener noreferrer", text: raw });
    link.append(el("span", { class: "sr-only", text: " " + strings.newTab }));
    fragment.append(link);
    last = match.index + raw.length;
  }
  fragment.append(document.createTextNode(text.slice(last)));
  return fragment;
}

function makeStorage(kind) {
  try {
    const store = window[kind];
    const probe = "__pra_probe__";
    store.setItem(probe, "1");
    store.removeItem(probe);
    return store;
  } catch (_) {
    const memory = new Map();
    return {
      getItem: (k) => (memory.has(k) ? memory.get(k) : null),
      setItem: (k, v) => memory.set(k, String(v)),
      removeItem: (k) => memory.delete(k),
    };
  }
}

/** A bot_uttered event in whichever shape the server sent it. */
function normaliseBotMessage(data) {
  if (!data || typeof data !== "object") return null;
  const text = typeof data.text === "string" ? data.text : "";
  const rawButtons = Array.isArray(data.buttons) ? data.buttons
    : Array.isArray(data.quick_replies) ? data.quick_replies : [];
  const buttons = rawButtons
    .filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
    .map((b) => ({ title: b.title, payload: b.payload }));
  const custom = data.custom && typeof data.custom === "object" ? data.custom : null;
  if (!text && !buttons.length && !custom) return null;
  return { who: "bot", text, buttons, custom };
}

// ---------------------------------------------------------------------------------------
// The widget

class AssistantWidget {
  constructor(config) {
    this.config = config;
    this.strings = STRINGS[config.language] || STRINGS.en;
    this.local = makeStorage("localStorage");
    this.session = makeStorage("sessionStorage");
    this.storeKey = `privacy-assistant:v${STORE_VERSION}:${config.server}`;
    this.state = this.loadState();
    this.socket = null;
    this.confirmedSession = null;
    this.outbox = [];
    this.typingTimer = null;
    this.build();
    this.renderTranscript();
    this.expiryTimer = setInterval(() => this.expireWhenIdle(), EXPIRY_CHECK_MS);
    if (this.session.getItem(this.storeKey + ":open") === "1") this.open({ focus: false });
  }

  // --- state ------------------------------------------------------------------------------

  loadState() {
    try {
      const saved = JSON.parse(this.local.getItem(this.storeKey) || "null");
      const fresh = saved && Date.now() - saved.updated < KEEP_MINUTES * 60 * 1000;
      if (fresh && typeof saved.sessionId === "string" && Array.isArray(saved.entries)) {
        return saved;
      }
      if (saved) this.local.removeItem(this.storeKey);
    } catch (_) {
      /* unreadable: start again */
    }
    // The server issues session ids (it refuses ids a client makes up).
    return { sessionId: null, entries: [], updated: Date.now() };
  }

  saveState() {
    this.state.updated = Date.now();
    this.state.entries = this.state.entries.slice(-MAX_ENTRIES);
    const stored = { ...this.state, entries: this.state.entries.map((e) => this.storable(e)) };
    try {
      this.local.setItem(this.storeKey, JSON.stringify(stored));
    } catch (_) {
      /* storage full or disabled: the conversation still works, only reloads forget it */
    }
  }

  /** What of an entry may be written to the device: never a letter or its links. */
  storable(entry) {
    const type = entry.custom && entry.custom.type;
    if (entry.who === "bot" && (type === "letter" || type === "letter_downloads")) {
      return { who: "note", text: this.strings.notKept, at: entry.at };
    }
    return entry;
  }

  /** Delete the stored transcript once the conversation has been idle for KEEP_MINUTES. */
  expireWhenIdle() {
    const idle = Date.now() - this.state.updated;
    if (idle < KEEP_MINUTES * 60 * 1000 || !this.state.entries.length) return;
    this.local.removeItem(this.storeKey);
    this.state = { sessionId: null, entries: [], updated: Date.now() };
    this.renderTranscript();
    if (this.socket) this.socket.disconnect().connect(); // leave the old session's room
  }

  // --- DOM ------------------------------------------------------------------------------

  build() {
    const s = this.strings;
    const theme = themeFor(this.config.color);
    this.host = document.createElement("privacy-rights-assistant");
    this.host.setAttribute("lang", this.config.language);
    const shadow = this.host.attachShadow({ mode: "open" });
    this.shadow = shadow;
    if ("adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype) {
      // Constructed style sheets are not inline <style>: they work under a strict CSP.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } else {
      shadow.append(el("style", { text: CSS }));
    }
    this.host.style.setProperty("--pra-brand", theme.brand);
    this.host.style.setProperty("--pra-on-brand", theme.onBrand);
    this.host.style.setProperty("--pra-accent", theme.accent);

    const root = el("div", { class: "root" });
    const title = this.config.title || s.title;
    // [element, attribute or "text", key of the strings]: relabelled when the
    // conversation's language changes (setLanguage).
    this.labelled = [];
    const label = (element, attribute, key) => {
      this.labelled.push([element, attribute, key]);
      return element;
    };

    this.launcher = el("button", {
      class: "launcher", type: "button", "aria-expanded": "false",
      "aria-controls": "pra-panel", "aria-label": s.open, title: s.open,
    }, [icon("chat"), el("span", { class: "icon-close" }, [icon("close")])]);
    this.launcher.querySelector("svg").classList.add("icon-chat");

    this.clearButton = el("button", {
      class: "icon-button", type: "button", "aria-label": s.clear, title: s.clear,
    }, [icon("restart")]);
    label(label(this.clearButton, "aria-label", "clear"), "title", "clear");
    this.closeButton = el("button", {
      class: "icon-button", type: "button", "aria-label": s.close, title: s.close,
    }, [icon("close")]);
    label(label(this.closeButton, "aria-label", "close"), "title", "close");
    const heading = el("h2", { id: "pra-title", text: title });
    if (!this.config.title) label(heading, "text", "title");
    const header = el("div", { class: "header" }, [
      el("span", { class: "mark", "aria-hidden": "true" }, [icon("shield")]),
      el("div", { class: "titles" }, [
        heading,
        label(el("p", { text: s.subtitle }), "text", "subtitle"),
      ]),
      this.clearButton,
      this.closeButton,
    ]);

    this.status = el("p", { class: "status", role: "status" });
    this.log = el("div", {
      class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
      "aria-label": s.logLabel, tabindex: "0",
    });
    label(this.log, "aria-label", "logLabel");
    this.typing = el("div", { class: "typing", hidden: true }, [
      el("span", { "aria-hidden": "true" }), el("span", { "aria-hidden": "true" }),
      el("span", { "aria-hidden": "true" }), label(el("span", { class: "sr-only", text: s.typing }), "text", "typing"),
    ]);

    this.input = el("input", {
      id: "pra-input", type: "text", autocomplete: "off", maxlength: String(MAX_INPUT),
      placeholder: s.placeholder, enterkeyhint: "send",
    });
    label(this.input, "placeholder", "placeholder");
    const sendButton = el("button", {
      class: "send", type: "submit", "aria-label": s.send, title: s.send,
    }, [icon("send")]);
    label(label(sendButton, "aria-label", "send"), "title", "send");
    this.form = el("form", { class: "composer", novalidate: true }, [
      label(el("label", { class: "sr-only", for: "pra-input", text: s.inputLabel }),
        "text", "inputLabel"),
      this.input,
      sendButton,
    ]);

    const footer = el("div", { class: "footer" });
    if (this.config.contact) {
      const external = /^https?:/.test(this.config.contact);
      const link = el("a", {
        href: this.config.contact,
        target: external ? "_blank" : null, rel: external ? "noopener noreferrer" : null,
      }, [label(el("span", { text: s.contact }), "text", "contact")]);
      if (external) {
        link.append(" ", label(el("span", { class: "sr-only", text: s.newTab }), "text", "newTab"));
      }
      footer.append(link);
    }

    this.panel = el("div", {
      id: "pra-panel", class: "panel", role: "dialog", "aria-labelledby": "pra-title",
      hidden: true,
    }, [header, this.status, this.log, this.form, footer.firstChild ? footer : null]);

    root.append(this.panel, this.launcher);
    shadow.append(root);
    document.body.append(this.host);

    this.launcher.addEventListener("click", () => this.toggle());
    this.closeButton.addEventListener("click", () => this.close());
    this.clearButton.addEventListener("click", () => this.clearConversation());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = "";
      this.sendUser(text, text);
    });
    root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !this.panel.hidden) {
        event.stopPropagation();
        this.close();
      }
    });
    this.input.addEventListener("paste", (event) => {
      const items = event.clipboardData ? Array.from(event.clipboardData.items || []) : [];
      if (items.some((item) => item.kind === "file")) {
        event.preventDefault();
        this.noPhotos();
      }
    });
    this.panel.addEventListener("dragover", (event) => {
      if (event.dataTransfer && Array.from(event.dataTransfer.types || []).includes("Files")) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "none";
      }
    });
    this.panel.addEventListener("drop", (event) => {
      if (event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files.length) {
        event.preventDefault();
        this.noPhotos();
      }
    });
    // Any element of the page with data-assistant-open opens the chat (no page script needed).
    document.addEventListener("click", (event) => {
      const target = event.target instanceof Element
        ? event.target.closest("[data-assistant-open]") : null;
      if (target) {
        event.preventDefault();
        this.open();
      }
    });
  }

  // --- opening and closing ----------------------------------------------------------------

  toggle() {
    if (this.panel.hidden) this.open();
    else this.close();
  }

  open({ focus = true } = {}) {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.setAttribute("aria-label", this.strings.close);
    this.launcher.title = this.strings.close;
    this.session.setItem(this.storeKey + ":open", "1");
    this.connect();
    this.scrollToEnd();
    if (focus) this.input.focus();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.setAttribute("aria-label", this.strings.open);
    this.launcher.title = this.strings.open;
    this.session.setItem(this.storeKey + ":open", "0");
    this.launcher.focus();
  }

  // --- the connection ---------------------------------------------------------------------

  connect() {
    if (this.socket || !this.config.server) return;
    this.setStatus(this.strings.connecting);
    this.socket = io(this.config.server, {
      path: "/socket.io",
      // WebSocket first (fewer requests; the server checks its Origin), long-polling when a
      // proxy or network blocks WebSockets.
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      withCredentials: false,
    });
    this.socket.on("connect", () => this.requestSession());
    this.socket.on("session_confirm", (sessionId) => {
      const id = typeof sessionId === "string" ? sessionId
        : sessionId && sessionId.session_id;
      if (!id || !this.awaitingSession) return;
      this.awaitingSession = false;
      if (id !== this.state.sessionId) {
        // A new session: ours was unknown to the server (expired, or from an older widget).
        const shown = this.state.entries.length > 0;
        this.state = { sessionId: id, entries: [], updated: Date.now() };
        if (shown) this.renderTranscript();
        this.saveState();
      }
      this.confirmedSession = id;
      this.setStatus("");
      if (!this.state.entries.length && !this.state.started && this.config.startPayload) {
        this.state.started = true;
        this.saveState();
        this.emitUser(this.config.startPayload);
      }
      const pending = this.outbox.splice(0);
      for (const message of pending) this.emitUser(message);
    });
    this.socket.on("bot_uttered", (data) => this.receive(data));
    this.socket.on("disconnect", () => {
      this.confirmedSession = null;
      this.setStatus(this.strings.reconnecting);
    });
    this.socket.on("connect_error", () => this.setStatus(this.strings.reconnecting));
  }

  requestSession() {
    this.confirmedSession = null;
    this.awaitingSession = true;
    this.socket.emit("session_request", { session_id: this.state.sessionId });
  }

  emitUser(message) {
    if (!this.socket || this.confirmedSession !== this.state.sessionId) {
      this.outbox.push(message);
      return;
    }
    this.socket.emit("user_uttered", {
      message,
      session_id: this.state.sessionId,
      customData: { language: this.config.language },
    });
    this.showTyping();
  }

  setStatus(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  // --- messages ---------------------------------------------------------------------------

  sendUser(message, shown) {
    this.disableChoices();
    this.addEntry({ who: "user", text: shown.slice(0, MAX_INPUT) });
    this.emitUser(message.slice(0, MAX_INPUT));
  }

  /** The conversation's language changed (each reply says which it is in): relabel. */
  setLanguage(language) {
    if (!language || language === this.config.language || !STRINGS[language]) return;
    this.config.language = language;
    this.strings = STRINGS[language];
    this.host.setAttribute("lang", language);
    for (const [element, attribute, key] of this.labelled) {
      if (attribute === "text") element.textContent = this.strings[key];
      else element.setAttribute(attribute, this.strings[key]);
    }
    const state = this.panel.hidden ? this.strings.open : this.strings.close;
    this.launcher.setAttribute("aria-label", state);
    this.launcher.title = state;
  }

  receive(data) {
    if (data && typeof data.language === "string") this.setLanguage(data.language);
    const entry = normaliseBotMessage(data);
    if (!entry) return;
    this.hideTyping();
    this.addEntry(entry);
    // More messages of the same turn usually follow quickly.
    this.showTyping(1200);
  }

  addEntry(entry) {
    entry.at = Date.now();
    this.state.entries.push(entry);
    this.saveState();
    const node = this.renderEntry(entry);
    this.log.insertBefore(node, this.typing.parentNode === this.log ? this.typing : null);
    this.revealNew(node);
  }

  noPhotos() {
    this.addEntry({ who: "note", text: this.strings.noPhotos });
  }

  disableChoices() {
    let changed = false;
    for (const entry of this.state.entries) {
      if (entry.buttons && entry.buttons.length && !entry.used) {
        entry.used = true;
        changed = true;
      }
    }
    if (changed) this.saveState();
    for (const button of this.log.querySelectorAll(".choice")) button.disabled = true;
  }

  clearConversation() {
    this.state = { sessionId: null, entries: [], updated: Date.now() };
    this.saveState();
    this.log.replaceChildren(this.typing);
    this.hideTyping();
    this.addEntry({ who: "note", text: this.strings.cleared });
    this.state.entries = []; // the note is not part of the new conversation
    this.saveState();
    if (this.socket) {
      // A fresh socket joins the new session's room only.
      this.confirmedSession = null;
      this.socket.disconnect().connect();
    }
    this.input.focus();
  }

  renderTranscript() {
    this.log.replaceChildren();
    for (const entry of this.state.entries) this.log.append(this.renderEntry(entry));
    this.log.append(this.typing);
  }

  renderEntry(entry) {
    const s = this.strings;
    if (entry.who === "note") {
      return el("p", { class: "note", text: entry.text });
    }
    const wrapper = el("div", { class: `msg ${entry.who}` });
    const speaker = el("span", { class: "sr-only", text: entry.who === "user" ? s.you : s.bot });
    const custom = entry.custom || {};
    if (entry.who === "bot" && custom.type === "letter") {
      wrapper.append(this.renderLetter(entry, speaker));
    } else if (entry.who === "bot" && custom.type === "letter_downloads" &&
               Array.isArray(custom.links) && custom.links.some((l) => l && safeUrl(l.url))) {
      wrapper.append(this.renderDownloads(entry, speaker));
    } else if (entry.text) {
      const bubble = el("div", { class: "bubble" }, [speaker]);
      if (entry.who === "bot") bubble.append(linkify(entry.text, s));
      else bubble.append(document.createTextNode(entry.text));
      wrapper.append(bubble);
    }
    if (entry.who === "bot" && entry.buttons && entry.buttons.length) {
      const group = el("div", { class: "choices" });
      for (const button of entry.buttons) {
        const node = el("button", {
          class: "choice", type: "button", "data-payload": button.payload, text: button.title,
        });
        node.disabled = Boolean(entry.used);
        node.addEventListener("click", () => this.sendUser(button.payload, button.title));
        group.append(node);
      }
      wrapper.append(group);
    }
    return wrapper;
  }

  renderLetter(entry, speaker) {
    const s = this.strings;
    const subject = typeof entry.custom.subject === "string" ? entry.custom.subject : "";
    const copyLabel = el("span", { text: s.copy });
    const copy = el("button", { class: "small-button", type: "button" }, [icon("copy"), copyLabel]);
    const body = el("div", {
      class: "letter-body", tabindex: "0", role: "region", "aria-label": subject || s.letter,
    });
    let text = entry.text;
    if (subject && text.startsWith(subject)) {
      body.append(el("span", { class: "subject", text: subject }));
      text = text.slice(subject.length).replace(/^\s*\n/, "");
    }
    body.append(document.createTextNode(text));
    copy.addEventListener("click", async () => {
      let ok = false;
      try {
        await navigator.clipboard.writeText(entry.text);
        ok = true;
      } catch (_) {
        const range = document.createRange();
        range.selectNodeContents(body);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        try {
          ok = document.execCommand("copy");
        } catch (__) {
          ok = false;
        }
      }
      copyLabel.textContent = ok ? s.copied : s.copyFailed;
      setTimeout(() => { copyLabel.textContent = s.copy; }, 4000);
    });
    return el("div", { class: "letter" }, [
      speaker,
      el("div", { class: "letter-head" }, [el("h3", { text: s.letter }), copy]),
      body,
    ]);
  }

  renderDownloads(entry, speaker) {
    const s = this.strings;
    const custom = entry.custom;
    const ttl = Number(custom.expires_in) || 3600;
    const expired = Date.now() - (entry.at || Date.now()) > ttl * 1000;
    const list = el("ul");
    for (const link of custom.links) {
      const href = link && safeUrl(link.url);
      if (!href) continue;
      const format = String(link.format || "").slice(0, 8);
      const anchor = el("a", {
        class: "download", href, download: true, rel: "noopener noreferrer",
        "data-format": format, "aria-disabled": expired ? "true" : null,
        tabindex: expired ? "-1" : null,
      }, [
        el("span", { class: "fmt", "aria-hidden": "true", text: format }),
        el("span", { text: String(link.label || format) }),
      ]);
      list.append(el("li", {}, [anchor]));
    }
    const box = el("div", { class: "downloads" + (expired ? " is-expired" : "") }, [
      speaker,
      el("p", { text: String(custom.title || "") }),
      list,
    ]);
    if (expired) box.append(el("p", { class: "expired", text: s.expired }));
    return box;
  }

  // --- typing and scrolling ------------------------------------------------------------------

  showTyping(ms = TYPING_TIMEOUT_MS) {
    this.typing.hidden = false;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), ms);
    this.scrollToEnd();
  }

  hideTyping() {
    clearTimeout(this.typingTimer);
    this.typing.hidden = true;
  }

  revealNew(node) {
    // A long message (the letter) is shown from its start; short ones scroll to the end.
    if (node.offsetHeight > this.log.clientHeight * 0.8) {
      this.log.scrollTop = node.offsetTop - this.log.offsetTop - 8;
    } else {
      this.scrollToEnd();
    }
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

// ---------------------------------------------------------------------------------------

function start() {
  if (window.PrivacyRightsAssistant) return; // the script tag was included twice
  const config = readConfig(SCRIPT);
  if (!config.server) {
    console.error("privacy assistant widget: no data-server and no script src to connect to");
    return;
  }
  const widget = new AssistantWidget(config);
  // A deliberately small API for the page: open and close the chat.
  window.PrivacyRightsAssistant = Object.freeze({
    open: () => widget.open(),
    close: () => widget.close(),
  });
}

// document.currentScript is only set while this file first runs.
const SCRIPT = findScript();
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
