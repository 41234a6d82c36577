"""Serve the demo NGO page (web/demo/) with the assistant's address filled in.

web/demo/index.html is written as an NGO would write it, with the widget's script tag
pointing at `http://localhost:5005` (the default Rasa address). This server replaces that
address with the Rasa server actually running (scripts/run.py, tests/browser).
`?lang=fr` (any of the assistant's languages) sets the widget's `data-language` and
`?color=%23ffd500` its `data-color`, so the demo shows every language and lets an NGO try its
own colour without a copy of the page. Everything else is served as is.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.parse
from pathlib import Path

from babel import Locale

from bot.i18n import SUPPORTED_LANGUAGES

DEMO_DIR = Path(__file__).resolve().parent / "demo"
WRITTEN_RASA_URL = "http://localhost:5005"
WRITTEN_LANGUAGE = 'data-language="en"'
LANGUAGE_LINKS = "<!-- LANGUAGES: the assistant's languages, written by web/demo_server.py -->"
WRITTEN_COLOR = re.compile(r'data-color="#[0-9a-fA-F]{3,6}"')
COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def language_links() -> str:
    """A link per supported language (bot/data/languages.yml), named in that language."""
    links = [f'<a href="?lang={lang}" lang="{lang}">{language_name(lang)}</a>'
             for lang in SUPPORTED_LANGUAGES]
    return " ·\n          ".join(links)


def language_name(language: str) -> str:
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def render_index(
    rasa_url: str, language: str | None = None, color: str | None = None
) -> bytes:
    """index.html with the Rasa server's address (and the widget's language and colour)."""
    html = (DEMO_DIR / "index.html").read_text(encoding="utf-8")
    rasa_url = rasa_url.rstrip("/")
    ws_url = "ws" + rasa_url[len("http"):] if rasa_url.startswith("http") else rasa_url
    html = html.replace(WRITTEN_RASA_URL, rasa_url)
    html = html.replace("ws" + WRITTEN_RASA_URL[len("http"):], ws_url)
    html = html.replace(LANGUAGE_LINKS, language_links())
    if language in SUPPORTED_LANGUAGES:
        html = html.replace(WRITTEN_LANGUAGE, f'data-language="{language}"')
        html = html.replace(f'href="?lang={language}"',
                            f'href="?lang={language}" aria-current="true"')
    if color and COLOR.fullmatch(color):
        html = WRITTEN_COLOR.sub(f'data-color="{color}"', html, count=1)
    return html.encode("utf-8")


class DemoHandler(http.server.SimpleHTTPRequestHandler):
    rasa_url = WRITTEN_RASA_URL

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            query = urllib.parse.parse_qs(url.query)
            body = render_index(
                self.rasa_url, query.get("lang", [None])[0], query.get("color", [None])[0]
            )
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # a demo page: no access log


def start_demo_server(host: str, port: int, rasa_url: str) -> http.server.ThreadingHTTPServer:
    """Serve the demo page on host:port in a daemon thread; call .shutdown() to stop."""
    handler = functools.partial(
        type("BoundDemoHandler", (DemoHandler,), {"rasa_url": rasa_url.rstrip("/")}),
        directory=str(DEMO_DIR),
    )
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
