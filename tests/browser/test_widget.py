"""The web widget in a real browser, against the real Rasa and action servers.

The demo NGO page embeds the widget with its one script tag; Chromium (driven by Playwright)
opens it in French, goes through the access request to the letter and its downloads, reloads,
and checks accessibility (axe-core, WCAG 2.1 AA), isolation from other hosts and that
hostile text stays text. The bot's French wording is not asserted (the French catalog and
NLU evolve separately): the test clicks buttons by their payload and checks structure.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import requests
import socketio

from tests.browser.conftest import AXE, Stack
from tests.integration.conftest import ROOT

HOST = "privacy-rights-assistant"
TURN_TIMEOUT_MS = 60_000
HOSTILE = "<img src=x onerror=alert(1)>"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NO_PHOTO = '/inform{"id_method":"no_photo"}'

pytestmark = pytest.mark.timeout(900)


# --- helpers ------------------------------------------------------------------------------


def widget(page: Any, css: str) -> Any:
    """A locator inside the widget (Playwright's CSS engine pierces its open shadow root)."""
    return page.locator(f"{HOST} {css}")


def bot_count(page: Any) -> int:
    return widget(page, ".msg.bot").count()


def wait_for_bot_after(page: Any, count: int) -> None:
    """Wait until the bot has said something more than `count` messages."""
    page.wait_for_function(
        """([host, count]) => {
            const root = document.querySelector(host)?.shadowRoot;
            return root && root.querySelectorAll('.msg.bot').length > count;
        }""",
        arg=[HOST, count],
        timeout=TURN_TIMEOUT_MS,
    )


def choice(page: Any, payload: str) -> Any:
    """The still-active button that sends `payload` (buttons of earlier turns are disabled)."""
    selector = f".choice[data-payload={json.dumps(payload)}]:not([disabled])"
    button = widget(page, selector).last
    button.wait_for(state="visible", timeout=TURN_TIMEOUT_MS)
    return button


def say(page: Any, text: str) -> None:
    """Type into the widget's input and press Enter, as a person does; wait for a reply."""
    before = bot_count(page)
    box = widget(page, "#pra-input")
    box.fill(text)
    box.press("Enter")
    wait_for_bot_after(page, before)


def settled(page: Any, quiet_seconds: float = 1.5, limit_seconds: float = 30) -> None:
    """Wait (in real time) until no bot message has arrived for `quiet_seconds`: a turn's
    replies can come in several messages, and a timer test must start after the last."""
    deadline = time.monotonic() + limit_seconds
    count, since = bot_count(page), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = bot_count(page)
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_seconds:
            return


def click(page: Any, payload: str) -> None:
    before = bot_count(page)
    choice(page, payload).click()
    wait_for_bot_after(page, before)


def focused_in_widget(page: Any) -> str:
    """`id` or class of the element focused inside the widget's shadow root."""
    return page.evaluate(
        """(host) => {
            const el = document.querySelector(host)?.shadowRoot?.activeElement;
            return el ? (el.id || el.className) : '';
        }""",
        HOST,
    )


def run_axe(page: Any, context: Any, tags: list[str] | None = None) -> list[dict]:
    """axe-core from node_modules (no CDN), injected over CDP so the page's CSP allows it."""
    cdp = context.new_cdp_session(page)
    cdp.send("Runtime.evaluate", {"expression": AXE.read_text(encoding="utf-8")})
    cdp.detach()
    options = {"runOnly": {"type": "tag", "values": tags or WCAG_AA}, "resultTypes": ["violations"]}
    result = page.evaluate("(options) => axe.run(document, options)", options)
    return result["violations"]


def serious(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
        for v in violations
        if v.get("impact") in ("serious", "critical")
    ]


def new_context(browser: Any, **options: Any) -> Any:
    settings = {"accept_downloads": True, "locale": "fr-FR",
                "viewport": {"width": 1280, "height": 860}, **options}
    return browser.new_context(**settings)


def watch(page: Any) -> dict[str, list[str]]:
    """Record what the page requests and what goes wrong in it."""
    seen: dict[str, list[str]] = {"requests": [], "errors": [], "dialogs": [], "console": []}
    page.context.on("request", lambda request: seen["requests"].append(request.url))
    page.on("websocket", lambda ws: seen["requests"].append(ws.url))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("console", lambda msg: seen["console"].append(f"{msg.type}: {msg.text}"))

    def on_dialog(dialog: Any) -> None:
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


def origin(url: str) -> str:
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return f"{scheme}://{parts.netloc}"


def open_widget_with_keyboard(page: Any) -> None:
    launcher = widget(page, ".launcher")
    launcher.wait_for(state="visible")
    launcher.focus()
    page.keyboard.press("Enter")
    widget(page, ".panel").wait_for(state="visible")
    assert focused_in_widget(page) == "pra-input", "opening must move the focus to the input"


# --- the server side of the widget ----------------------------------------------------------


def test_widget_files_are_served_by_the_rasa_server_with_safe_headers(stack: Stack) -> None:
    reply = requests.get(f"{stack.rasa_url}/webhooks/widget/widget.js", timeout=10)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"].startswith("text/javascript")
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=" in reply.headers["Cache-Control"]
    assert "socket.io" in reply.text or "session_request" in reply.text
    again = requests.get(
        f"{stack.rasa_url}/webhooks/widget/widget.js",
        headers={"If-None-Match": reply.headers["ETag"]}, timeout=10,
    )
    assert again.status_code == 304
    licences = requests.get(f"{stack.rasa_url}/webhooks/widget/LICENSES.txt", timeout=10)
    assert licences.status_code == 200 and "socket.io-client" in licences.text
    for path in ("index.html", "..%2Fcredentials.yml", "widget.js.map", "build.mjs"):
        missing = requests.get(f"{stack.rasa_url}/webhooks/widget/{path}", timeout=10)
        assert missing.status_code == 404, path
        assert missing.headers["X-Content-Type-Options"] == "nosniff"


def test_an_allowed_site_gets_one_cors_header_for_the_script(stack: Stack) -> None:
    """Two `Access-Control-Allow-Origin` headers make browsers refuse a `crossorigin` script."""
    reply = requests.get(f"{stack.rasa_url}/webhooks/widget/widget.js",
                         headers={"Origin": stack.demo_url}, timeout=10)
    assert reply.raw.headers.getlist("Access-Control-Allow-Origin") == [stack.demo_url]


def test_only_the_configured_site_may_open_a_socket(stack: Stack) -> None:
    url = f"{stack.rasa_url}/socket.io/?EIO=4&transport=polling"
    allowed = requests.get(url, headers={"Origin": stack.demo_url}, timeout=10)
    assert allowed.status_code == 200
    assert allowed.headers.get("Access-Control-Allow-Origin") == stack.demo_url
    other = requests.get(url, headers={"Origin": "https://evil.example"}, timeout=10)
    assert other.status_code == 400
    assert "evil.example" not in other.headers.get("Access-Control-Allow-Origin", "")


def test_each_bot_message_is_one_socket_event_with_its_custom_payload(stack: Stack) -> None:
    """Buttons and text arrive together (the stock channel split them into several events)."""
    client = socketio.Client(reconnection=False)
    events: list[dict] = []
    client.on("bot_uttered", lambda data: events.append(data))
    client.connect(stack.rasa_url, socketio_path="/socket.io", transports=["polling"],
                   headers={"Origin": stack.demo_url})
    try:
        session = uuid.uuid4().hex
        client.emit("session_request", {"session_id": session})
        client.sleep(0.5)
        client.emit("user_uttered", {"message": "/ask_face_in_database", "session_id": session,
                                     "customData": {"language": "en"}})
        for _ in range(120):
            if any(e.get("buttons") for e in events):
                break
            client.sleep(0.5)
    finally:
        client.disconnect()
    answer = next(e for e in events if e.get("buttons"))
    assert "Sources:" in answer["text"], "the text and its buttons in the same event"
    assert {"title", "payload"} <= set(answer["buttons"][0])
    assert "/request_access" in [b["payload"] for b in answer["buttons"]]


# --- the widget in the browser ----------------------------------------------------------------


def test_access_request_in_french_from_the_demo_page(
    stack: Stack, browser: Any, artifacts: Path
) -> None:
    context = new_context(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=stack.demo_url)
    page = context.new_page()
    seen = watch(page)
    try:
        page.goto(f"{stack.demo_url}/?lang=fr")
        assert page.locator(f"script[data-language='fr'][src^='{stack.rasa_url}']").count() == 1
        open_widget_with_keyboard(page)
        assert page.locator(HOST).get_attribute("lang") == "fr"

        # The greeting offers "Is my face in Clearview?"; its answer offers to start.
        choice(page, "/ask_face_in_database").click()
        click(page, "/request_access")
        say(page, "France")
        click(page, NO_PHOTO)
        say(page, "Jeanne Dupont")
        say(page, "jeanne.dupont@example.org")
        choice(page, "/affirm").click()

        # (There may be two letters: one for the controller, a copy in the user's language.)
        letter = widget(page, ".letter .letter-body").first
        letter.wait_for(state="visible", timeout=TURN_TIMEOUT_MS)
        downloads = widget(page, ".downloads a.download")
        downloads.first.wait_for(state="visible", timeout=TURN_TIMEOUT_MS)
        text = letter.inner_text()
        assert "Jeanne Dupont" in text and "jeanne.dupont@example.org" in text
        assert "15" in text  # Article 15, whatever the language
        formats = [downloads.nth(i).get_attribute("data-format") for i in range(downloads.count())]
        assert formats == ["pdf", "eml", "ics"]
        for i in range(downloads.count()):
            href = downloads.nth(i).get_attribute("href") or ""
            assert href.startswith(f"{stack.rasa_url}/webhooks/letters/download/")
            assert downloads.nth(i).get_attribute("rel") == "noopener noreferrer"
        # The plain-text fallback of the download message is not shown as well.
        log_text = widget(page, ".log").inner_text()
        assert "/webhooks/letters/download/" not in log_text
        # The user's answers and the button titles appear as the user's messages.
        user_texts = widget(page, ".msg.user .bubble").all_inner_texts()
        assert any("Jeanne Dupont" in t for t in user_texts)
        assert len(user_texts) == 7

        # Copy puts the whole letter on the clipboard.
        widget(page, ".letter .small-button").first.click()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert " ".join(copied.split()) == " ".join(text.split())

        with page.expect_download() as download_info:
            downloads.first.click()
        pdf = Path(download_info.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")

        page.wait_for_timeout(1500)  # the last messages of the turn (disclaimer)
        page.screenshot(path=str(artifacts / "widget-downloads.png"))
        page.evaluate(
            """(host) => {
                const root = document.querySelector(host).shadowRoot;
                const log = root.querySelector('.log');
                const letter = root.querySelector('.letter');
                log.style.scrollBehavior = 'auto';
                log.scrollTop = letter.offsetTop - log.offsetTop - 90;
            }""",
            HOST,
        )
        page.screenshot(path=str(artifacts / "widget.png"))

        # Accessibility with the widget open: no serious or critical WCAG 2.1 AA violation.
        problems = serious(run_axe(page, context))
        assert not problems, "\n".join(problems)

        # The device keeps the conversation, never the letter or its links (name, e-mail).
        stored = page.evaluate(
            "() => Object.keys(localStorage).map((k) => localStorage.getItem(k)).join(' ')")
        assert "/webhooks/letters/download/" not in stored
        assert "Request for access to my personal data under Article 15" not in stored
        # Reload: the conversation is still there and goes on (the server kept the tracker);
        # a note stands where the letter was.
        shown_before = bot_count(page)
        page.reload()
        widget(page, ".panel").wait_for(state="visible")
        assert widget(page, ".letter").count() == 0
        assert any("ne sont pas conservés sur cet appareil" in t
                   for t in widget(page, ".note").all_inner_texts())
        assert bot_count(page) < shown_before
        restored = widget(page, ".msg.user .bubble").all_inner_texts()
        assert any("Jeanne Dupont" in t for t in restored)
        assert widget(page, ".choice:not([disabled])").count() <= 4

        # Hostile user text is shown as text, and still gets an answer.
        say(page, HOSTILE)
        last_user = widget(page, ".msg.user .bubble").last
        assert HOSTILE in last_user.inner_text()
        assert page.evaluate(
            "(host) => document.querySelector(host).shadowRoot.querySelectorAll('img').length",
            HOST,
        ) == 0
        assert page.locator("img").count() == 0

        # Nothing but the project's own two origins was contacted.
        allowed = {stack.demo_url, stack.rasa_url}
        contacted = {origin(u) for u in seen["requests"] if not u.startswith(("data:", "blob:"))}
        assert contacted <= allowed, f"unexpected hosts: {contacted - allowed}"
        assert stack.rasa_url in contacted
        assert any("/socket.io/" in u for u in seen["requests"])
        assert not seen["dialogs"], seen["dialogs"]
        assert not seen["errors"], seen["errors"]
        csp = [m for m in seen["console"] if "Content Security Policy" in m]
        assert not csp, csp
    except Exception:
        page.screenshot(path=str(artifacts / "failure.png"))
        print(stack.logs())
        raise
    finally:
        context.close()


def test_the_widget_speaks_the_conversations_language(stack: Stack, browser: Any) -> None:
    """Opened on an English page, a person writes French: the assistant answers in French and
    the widget's own labels (placeholder, send, new conversation, the contact link) follow,
    from the catalogs (web/widget/src/strings.json)."""
    strings = json.loads((ROOT / "web" / "widget" / "src" / "strings.json").read_text())
    page = new_context(browser, locale="en-GB").new_page()
    seen = watch(page)
    try:
        page.goto(f"{stack.demo_url}/?lang=en")
        open_widget_with_keyboard(page)
        box = widget(page, "#pra-input")
        assert box.get_attribute("placeholder") == strings["en"]["placeholder"]
        say(page, "Bonjour, j'habite à Lyon et je voudrais savoir ce que Clearview a sur moi")
        page.wait_for_function(
            "([host, text]) => document.querySelector(host).shadowRoot"
            ".querySelector('#pra-input').placeholder === text",
            arg=[HOST, strings["fr"]["placeholder"]], timeout=TURN_TIMEOUT_MS)
        assert page.locator(HOST).get_attribute("lang") == "fr"
        assert widget(page, ".send").get_attribute("aria-label") == strings["fr"]["send"]
        assert widget(page, ".icon-button").first.get_attribute("title") == strings["fr"]["clear"]
        assert widget(page, ".launcher").get_attribute("aria-label") == strings["fr"]["close"]
        assert not seen["errors"]
    finally:
        page.context.close()


def test_hostile_bot_text_is_displayed_literally(stack: Stack, browser: Any) -> None:
    """A name made of markup is refused; the summary repeats the name typed by the user, and
    HTML entities in it stay text (never decoded into markup)."""
    context = new_context(browser)
    page = context.new_page()
    seen = watch(page)
    markup = "<img src=x onerror=alert(document.domain)>"
    name = "Anne &lt;b&gt;Marie&lt;/b&gt; Curie"
    try:
        page.goto(f"{stack.demo_url}/?lang=en")
        open_widget_with_keyboard(page)
        click(page, "/request_access")
        say(page, "France")
        click(page, NO_PHOTO)
        say(page, markup)
        widget(page, ".msg.bot .bubble").filter(
            has_text="does not look like a name").last.wait_for()
        say(page, name)
        say(page, "test@example.org")
        choice(page, "/affirm")  # the summary, with its confirm button, has arrived
        summary = widget(page, ".msg.bot .bubble").last.inner_text()
        assert name in summary
        assert page.evaluate(
            "(host) => document.querySelector(host).shadowRoot.querySelectorAll('img').length",
            HOST,
        ) == 0
        assert not seen["dialogs"] and not seen["errors"]
    finally:
        context.close()


@pytest.mark.parametrize("color", ["#ffe14d", "#767676", "#e4007c", "#000000", "#ffffff"])
def test_any_brand_colour_keeps_aa_contrast(stack: Stack, browser: Any, color: str) -> None:
    """Whatever data-color an NGO picks, the widget's text stays readable (axe, WCAG AA)."""
    context = new_context(browser, reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(f"{stack.demo_url}/?lang=en&color={quote(color)}")
        assert page.locator(f"script[data-color='{color}']").count() == 1
        open_widget_with_keyboard(page)
        choice(page, "/ask_what_is_clearview")  # the greeting and its buttons have arrived
        box = widget(page, "#pra-input")
        box.fill("Hello")
        box.press("Enter")
        widget(page, ".msg.user").wait_for()
        widget(page, ".choice").first.focus()
        problems = serious(run_axe(page, context, ["wcag2aa"]))
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_phone_screen_keyboard_and_photo_note(stack: Stack, browser: Any, artifacts: Path) -> None:
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                          has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{stack.demo_url}/?lang=de")
        open_widget_with_keyboard(page)
        # Measure once the opening slide-in is over: mid-animation the transform
        # leaves the box a fraction of a pixel off.
        widget(page, ".panel").evaluate(
            "(el) => Promise.all(el.getAnimations().map((a) => a.finished))")
        panel = widget(page, ".panel").bounding_box()
        assert panel is not None
        assert (panel["x"], panel["y"]) == pytest.approx((0, 0), abs=0.5), "full screen on a phone"
        assert (panel["width"], panel["height"]) == pytest.approx((390, 844), abs=0.5), \
            "full screen on a phone"
        choice(page, "/ask_face_in_database")  # the greeting has arrived

        # Tab order: input, then send.
        widget(page, "#pra-input").focus()
        page.keyboard.press("Tab")
        assert focused_in_widget(page) == "send"

        # Pasting or dropping a picture: a note, nothing is sent.
        page.evaluate(
            """(host) => {
                const root = document.querySelector(host).shadowRoot;
                const file = () => {
                    const data = new DataTransfer();
                    data.items.add(new File(['x'], 'me.jpg', {type: 'image/jpeg'}));
                    return data;
                };
                root.querySelector('#pra-input').dispatchEvent(new ClipboardEvent(
                    'paste', {clipboardData: file(), bubbles: true, cancelable: true}));
                root.querySelector('.log').dispatchEvent(new DragEvent(
                    'drop', {dataTransfer: file(), bubbles: true, cancelable: true}));
            }""",
            HOST,
        )
        notes = widget(page, ".note")
        assert notes.count() == 2
        assert "Foto" in notes.first.inner_text()  # the widget's own German string
        assert widget(page, ".msg.user").count() == 0
        page.screenshot(path=str(artifacts / "widget-phone.png"))

        # "New conversation": a new session id, an empty log, a new greeting.
        key = next(k for k in page.evaluate("() => Object.keys(localStorage)")
                   if k.startswith("privacy-assistant:"))
        before = json.loads(page.evaluate("(k) => localStorage.getItem(k)", key))["sessionId"]
        widget(page, ".header button").first.focus()
        page.keyboard.press("Enter")
        choice(page, "/ask_face_in_database")
        assert widget(page, ".note").count() == 1
        after = json.loads(page.evaluate("(k) => localStorage.getItem(k)", key))["sessionId"]
        assert after != before and len(after) == 65  # issued and signed by the server

        # Escape closes the panel and gives the focus back to the launcher.
        widget(page, "#pra-input").focus()
        page.keyboard.press("Escape")
        widget(page, ".panel").wait_for(state="hidden")
        assert focused_in_widget(page).startswith("launcher")
    finally:
        context.close()


def test_an_idle_conversation_is_deleted_from_the_device_while_the_page_stays_open(
    stack: Stack, browser: Any,
) -> None:
    context = new_context(browser)
    page = context.new_page()
    try:
        page.clock.install()  # the page's timers, under the test's control
        page.goto(f"{stack.demo_url}/?lang=en")
        open_widget_with_keyboard(page)
        choice(page, "/ask_face_in_database")
        say(page, "what is clearview?")
        settled(page)  # the last reply (the disclaimer) is the last activity, not later
        stored = page.evaluate(
            "() => Object.keys(localStorage).filter((k) => k.startsWith('privacy-assistant:'))")
        assert stored, "the conversation is kept on the device while it is active"
        page.clock.fast_forward("59:00")
        assert widget(page, ".msg.user").count() == 1
        page.clock.fast_forward("02:30")  # past an hour without a message
        widget(page, ".msg.user").first.wait_for(state="detached")
        assert page.evaluate(
            "() => Object.keys(localStorage).filter((k) => k.startsWith('privacy-assistant:')"
            " && localStorage.getItem(k).includes('clearview'))") == []
    finally:
        context.close()
