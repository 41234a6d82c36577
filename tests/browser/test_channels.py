"""The widget's server-side pieces without servers: socket.io events, origins, static files."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.channels.base import DEFAULT_ALLOWED_ORIGINS, allowed_origins, parse_origins
from components.channels.socketio import SocketIOInput, bot_message_event
from components.channels.widget import WidgetInput, load_files
from web.demo_server import render_index


def test_a_bot_message_becomes_one_event_with_text_buttons_and_custom() -> None:
    letter = {"type": "letter", "subject": "Request for access"}
    event = bot_message_event({
        "text": "Request for access\n\nDear Sir or Madam,\n\nI ask ...",
        "buttons": [{"title": "Yes", "payload": "/affirm", "extra": 1}],
        "custom": letter,
        "image": None,
    })
    assert event == {
        "text": "Request for access\n\nDear Sir or Madam,\n\nI ask ...",
        "buttons": [{"title": "Yes", "payload": "/affirm"}],
        "custom": letter,
    }
    assert bot_message_event({"quick_replies": [{"title": "A", "payload": "/a"}]}) == {
        "buttons": [{"title": "A", "payload": "/a"}]
    }
    assert bot_message_event({"text": ""}) == {}


def test_allowed_origins_come_from_credentials_then_environment_then_the_demo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ALLOWED_ORIGINS", raising=False)
    assert allowed_origins() == list(DEFAULT_ALLOWED_ORIGINS)
    monkeypatch.setenv("ALLOWED_ORIGINS", "https://ngo.example, https://www.ngo.example/")
    assert allowed_origins() == ["https://ngo.example", "https://www.ngo.example"]
    assert allowed_origins(["https://other.example"]) == ["https://other.example"]
    channel = SocketIOInput.from_credentials({"cors_allowed_origins": "https://a.example"})
    assert channel.cors_allowed_origins == ["https://a.example"]
    assert channel.metadata_key == "metadata"  # credentials.yml sets customData
    assert parse_origins("*") == ["*"]
    for bad in ("ngo.example", "https://ngo.example/path", "javascript:alert(1)"):
        with pytest.raises(ValueError):
            parse_origins(bad)


def test_only_built_files_of_known_types_are_served(tmp_path: Path) -> None:
    (tmp_path / "widget.js").write_text("console.log(1)")
    (tmp_path / "LICENSES.txt").write_text("MIT")
    (tmp_path / "notes.md").write_text("not served")
    (tmp_path / ".hidden.js").write_text("not served")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.js").write_text("not served")
    files = load_files(tmp_path)
    assert sorted(files) == ["LICENSES.txt", "widget.js"]
    assert files["widget.js"].content_type == "text/javascript; charset=utf-8"
    assert files["widget.js"].etag.startswith('"')
    assert load_files(tmp_path / "missing") == {}
    channel = WidgetInput.from_credentials({"dist_dir": str(tmp_path), "cache_seconds": 60})
    assert isinstance(channel, WidgetInput) and channel.cache_seconds == 60
    with pytest.raises(ValueError):
        WidgetInput.from_credentials({"cache_seconds": -1})


def test_demo_page_points_at_the_running_server_and_takes_language_and_colour() -> None:
    html = render_index("http://127.0.0.1:5999", "fr", "#ffe14d").decode()
    assert 'src="http://127.0.0.1:5999/webhooks/widget/widget.js"' in html
    assert "connect-src http://127.0.0.1:5999 ws://127.0.0.1:5999" in html
    assert 'data-language="fr"' in html and 'data-color="#ffe14d"' in html
    assert "localhost:5005" not in html
    hostile = render_index("http://127.0.0.1:5999", '"><script>', '"><script>').decode()
    assert "<script>" not in hostile.replace("<script src=", "")
    assert 'data-language="en"' in hostile and 'data-color="#0f5e57"' in hostile
