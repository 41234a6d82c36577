/*
 * Demo chat client for the Rasa REST channel.
 *
 * Plain JavaScript, no dependencies, no build step.
 *
 * Privacy and safety rules this file sticks to:
 *  - Message content is only ever put into the page with textContent / text
 *    nodes; innerHTML is never used.
 *  - Only the random conversation id is kept in localStorage, never message
 *    texts. The conversation history lives on the Rasa server.
 *  - Links are only created for http: and https: URLs.
 *  - Images sent by the bot are ignored on purpose.
 */
(function () {
  "use strict";

  var DEFAULT_SERVER = "http://localhost:5005";
  var WEBHOOK_PATH = "/webhooks/rest/webhook";
  var STORAGE_KEY = "clearview-assistant.sender";
  var REQUEST_TIMEOUT_MS = 60000;
  // A message is shown as a "letter" (kept formatting + Copy button) when it is
  // longer than this or has at least this many line breaks.
  var LETTER_MIN_CHARS = 600;
  var LETTER_MIN_NEWLINES = 4;

  var URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

  // ---------------------------------------------------------------- helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i++) {
      hex += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return hex;
  }

  // localStorage may be unavailable (privacy modes, file://); fall back to memory.
  var memoryStore = {};
  function storeGet(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return memoryStore[key] || null; }
  }
  function storeSet(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { memoryStore[key] = value; }
  }

  function normaliseServer(value) {
    if (!value) return null;
    try {
      var url = new URL(String(value).trim(), window.location.href);
      if (url.protocol !== "http:" && url.protocol !== "https:") return null;
      return url.href.replace(/\/+$/, "");
    } catch (e) {
      return null;
    }
  }

  // Server URL: the data-server attribute if the page sets one (a deployment
  // pins its server this way, so a crafted link cannot redirect messages),
  // otherwise ?server= in the page address (handy for development), otherwise
  // DEFAULT_SERVER. Only http: and https: URLs are accepted. The panel shows
  // which host messages go to.
  function resolveServer(root) {
    var fromAttr = normaliseServer(root.getAttribute("data-server"));
    if (fromAttr) return fromAttr;
    var fromQuery = null;
    try {
      fromQuery = new URLSearchParams(window.location.search).get("server");
    } catch (e) { /* ignore */ }
    return normaliseServer(fromQuery) || DEFAULT_SERVER;
  }

  // Split trailing punctuation off a matched URL ("see https://x.org." -> "https://x.org").
  function trimUrl(raw) {
    var url = raw;
    while (url.length) {
      var last = url.charAt(url.length - 1);
      if (".,;:!?'\"".indexOf(last) !== -1) {
        url = url.slice(0, -1);
      } else if (last === ")" && count(url, "(") < count(url, ")")) {
        url = url.slice(0, -1);
      } else if (last === "]" && count(url, "[") < count(url, "]")) {
        url = url.slice(0, -1);
      } else {
        break;
      }
    }
    return url;
  }

  function count(str, ch) {
    return str.split(ch).length - 1;
  }

  function safeHref(candidate) {
    try {
      var url = new URL(candidate);
      if (url.protocol === "http:" || url.protocol === "https:") return url.href;
    } catch (e) { /* not a URL */ }
    return null;
  }

  // Append `text` to `parent` as text nodes, turning bare http(s) URLs into links.
  function appendLinkified(parent, text) {
    var last = 0;
    var match;
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(text)) !== null) {
      var url = trimUrl(match[0]);
      var href = safeHref(url);
      if (!href) continue;
      if (match.index > last) {
        parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      }
      var a = document.createElement("a");
      a.href = href;
      a.textContent = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      parent.appendChild(a);
      last = match.index + url.length;
      URL_RE.lastIndex = last;
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  // Paragraphs on blank lines, <br> on single line breaks.
  function renderParagraphs(parent, text) {
    var paragraphs = text.split(/\n[ \t]*\n+/);
    paragraphs.forEach(function (para) {
      if (!para.trim()) return;
      var p = el("p");
      para.split("\n").forEach(function (line, i) {
        if (i > 0) p.appendChild(document.createElement("br"));
        appendLinkified(p, line);
      });
      parent.appendChild(p);
    });
  }

  function isLetter(text) {
    var newlines = (text.match(/\n/g) || []).length;
    return text.length > LETTER_MIN_CHARS || newlines >= LETTER_MIN_NEWLINES;
  }

  function copyText(text, block, button) {
    function done(ok) {
      var original = "Copy";
      button.textContent = ok ? "Copied" : "Selected: press Ctrl+C";
      window.setTimeout(function () { button.textContent = original; }, 2500);
    }
    function fallback() {
      // Select the letter so the user can copy it; try the legacy command too.
      var ok = false;
      try {
        var range = document.createRange();
        range.selectNodeContents(block);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        ok = document.execCommand && document.execCommand("copy");
      } catch (e) { ok = false; }
      done(!!ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  // ------------------------------------------------------------------- chat

  function Chat(root) {
    this.root = root;
    this.server = resolveServer(root);
    this.endpoint = this.server + WEBHOOK_PATH;
    this.log = root.querySelector("#chat-log");
    this.scroller = root.querySelector("#chat-scroll");
    this.typing = root.querySelector("#chat-typing");
    this.form = root.querySelector("#chat-form");
    this.input = root.querySelector("#chat-input");
    this.sendButton = root.querySelector("#chat-send");
    this.newButton = root.querySelector("#chat-new");
    this.serverNote = root.querySelector("#chat-server-note");
    this.busy = false;

    var stored = storeGet(STORAGE_KEY);
    if (stored && /^[0-9a-f]{32}$/.test(stored)) {
      this.sender = stored;
      this.addNote("Conversation continued. Earlier messages are kept only on the assistant's server.");
    } else {
      this.sender = randomId();
      storeSet(STORAGE_KEY, this.sender);
      this.addWelcome();
    }

    if (this.serverNote) {
      var host;
      try { host = new URL(this.server).host; } catch (e) { host = this.server; }
      this.serverNote.textContent = "Messages go to " + host + ".";
    }

    this.bind();
  }

  Chat.prototype.bind = function () {
    var self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.sendTyped();
    });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        self.sendTyped();
      }
    });
    this.input.addEventListener("input", function () { self.autoGrow(); });
    this.newButton.addEventListener("click", function () { self.newConversation(); });
  };

  Chat.prototype.autoGrow = function () {
    this.input.style.height = "auto";
    this.input.style.height = Math.min(this.input.scrollHeight, 160) + "px";
  };

  Chat.prototype.addWelcome = function () {
    this.addNote("Say hello to start, or ask something like “Does Clearview have photos of me?”");
  };

  Chat.prototype.newConversation = function () {
    if (this.busy) return;
    this.sender = randomId();
    storeSet(STORAGE_KEY, this.sender);
    while (this.log.firstChild) this.log.removeChild(this.log.firstChild);
    this.addNote("New conversation started.");
    this.addWelcome();
    this.input.focus();
  };

  Chat.prototype.item = function (kind) {
    var li = el("li", "msg msg-" + kind);
    this.log.appendChild(li);
    return li;
  };

  Chat.prototype.addNote = function (text) {
    var li = this.item("note");
    li.textContent = text;
    return li;
  };

  Chat.prototype.addUser = function (text) {
    var li = this.item("user");
    li.appendChild(el("span", "visually-hidden", "You said: "));
    var bubble = el("div", "bubble");
    // User text is plain text; keep its line breaks via CSS.
    bubble.textContent = text;
    li.appendChild(bubble);
    this.scrollToBottom();
    return li;
  };

  Chat.prototype.addError = function (text) {
    var li = this.item("error");
    var bubble = el("div", "bubble", text);
    li.appendChild(bubble);
    this.scrollToBottom();
    return li;
  };

  Chat.prototype.addBotText = function (text) {
    var li = this.item("bot");
    li.appendChild(el("span", "visually-hidden", "Assistant: "));
    if (isLetter(text)) {
      var wrap = el("div", "bubble letter");
      var bar = el("div", "letter-bar");
      bar.appendChild(el("span", "letter-label", "Text you can copy"));
      var copy = el("button", "letter-copy", "Copy");
      copy.type = "button";
      copy.setAttribute("aria-label", "Copy this text");
      bar.appendChild(copy);
      var block = el("div", "letter-text");
      appendLinkified(block, text);
      wrap.appendChild(bar);
      wrap.appendChild(block);
      copy.addEventListener("click", function () { copyText(text, block, copy); });
      li.appendChild(wrap);
    } else {
      var bubble = el("div", "bubble");
      renderParagraphs(bubble, text);
      li.appendChild(bubble);
    }
    return li;
  };

  Chat.prototype.addButtons = function (buttons) {
    var self = this;
    var li = this.item("buttons");
    var group = el("div", "btn-group");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Suggested replies");
    buttons.forEach(function (b) {
      if (!b || typeof b !== "object") return;
      var title = b.title != null ? String(b.title) : "";
      var payload = b.payload != null ? String(b.payload) : title;
      if (!title && !payload) return;
      var btn = el("button", "choice", title || payload);
      btn.type = "button";
      btn.addEventListener("click", function () {
        if (self.busy || btn.disabled) return;
        self.setGroupDisabled(group, true);
        btn.classList.add("chosen");
        btn.setAttribute("aria-pressed", "true");
        self.send(payload, title || payload, {
          retryHint: "You can choose an option again.",
          onError: function () {
            self.setGroupDisabled(group, false);
            btn.classList.remove("chosen");
            btn.removeAttribute("aria-pressed");
          }
        });
      });
      group.appendChild(btn);
    });
    if (!group.firstChild) {
      this.log.removeChild(li);
      return null;
    }
    li.appendChild(group);
    return li;
  };

  Chat.prototype.setGroupDisabled = function (group, disabled) {
    var buttons = group.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = disabled;
  };

  Chat.prototype.renderReplies = function (replies) {
    var first = null;
    var self = this;
    if (!Array.isArray(replies)) replies = [];
    replies.forEach(function (msg) {
      if (!msg || typeof msg !== "object") return;
      var node = null;
      if (typeof msg.text === "string" && msg.text.length) {
        node = self.addBotText(msg.text);
        first = first || node;
      }
      if (Array.isArray(msg.buttons) && msg.buttons.length) {
        node = self.addButtons(msg.buttons);
        first = first || node;
      }
      // msg.image: deliberately never shown. msg.custom and anything else: ignored.
    });
    this.scrollToReply(first);
  };

  Chat.prototype.scrollToBottom = function () {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  };

  // Show the start of a long reply rather than jumping past it to the end.
  Chat.prototype.scrollToReply = function (node) {
    if (!node) { this.scrollToBottom(); return; }
    var target = node.offsetTop - 12;
    var bottom = this.scroller.scrollHeight - this.scroller.clientHeight;
    this.scroller.scrollTop = Math.max(0, Math.min(target, bottom));
  };

  Chat.prototype.setBusy = function (busy) {
    this.busy = busy;
    this.input.readOnly = busy;
    this.sendButton.disabled = busy;
    this.newButton.disabled = busy;
    this.typing.hidden = !busy;
    this.log.setAttribute("aria-busy", busy ? "true" : "false");
    if (busy) this.scrollToBottom();
  };

  Chat.prototype.sendTyped = function () {
    if (this.busy) return;
    var text = this.input.value.trim();
    if (!text) return;
    var self = this;
    var typed = this.input.value;
    this.input.value = "";
    this.autoGrow();
    this.send(text, text, {
      retryHint: "Your message is still in the box below.",
      onError: function () {
        // Give the user their text back so nothing is lost.
        if (!self.input.value) {
          self.input.value = typed;
          self.autoGrow();
        }
      }
    });
  };

  Chat.prototype.send = function (message, display, opts) {
    var self = this;
    opts = opts || {};
    var userItem = this.addUser(display);
    this.setBusy(true);

    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;

    fetch(this.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        sender: this.sender,
        message: message,
        metadata: { language: navigator.language || "" }
      }),
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (replies) {
      if (timer) window.clearTimeout(timer);
      self.setBusy(false);
      self.renderReplies(replies);
      self.input.focus();
    }).catch(function () {
      if (timer) window.clearTimeout(timer);
      self.setBusy(false);
      userItem.classList.add("msg-failed");
      userItem.appendChild(el("span", "msg-status", "Not sent"));
      self.addError("The assistant is not reachable right now. Please try again in a moment. " +
                    (opts.retryHint || ""));
      if (opts.onError) opts.onError();
      self.input.focus();
    });
  };

  function start() {
    var root = document.getElementById("chat");
    if (!root) return;
    root.classList.add("is-ready");
    new Chat(root);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
