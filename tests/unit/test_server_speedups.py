"""The Rasa server's shortcuts give Rasa's own answers: a form's unique entity mappings
(components/server/form_mappings) and its calls to the action server over kept-alive
connections (components/server/action_client), against a real local HTTP server."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from aiohttp import web
from rasa.core.actions.forms import FormAction
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from components.server import action_client, form_mappings

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = FormAction._create_unique_entity_mappings


def test_unique_entity_mappings_are_rasas_for_every_form() -> None:
    domain = Domain.load(str(ROOT / "domain.yml"))
    remembered = form_mappings.cached(ORIGINAL)
    assert domain.form_names
    for name in domain.form_names:
        form = FormAction(name, None)
        expected = ORIGINAL(form, domain)
        assert remembered(form, domain) == expected
        assert remembered(FormAction(name, None), domain) == expected  # from the cache


def test_another_domain_gets_its_own_answer() -> None:
    remembered = form_mappings.cached(ORIGINAL)
    slots = {"city": {"type": "text", "mappings": [{"type": "from_entity", "entity": "city"}]},
             "town": {"type": "text", "mappings": [{"type": "from_entity", "entity": "city"}]}}
    one = Domain.from_dict({"entities": ["city"], "slots": slots,
                            "forms": {"f": {"required_slots": ["city"]}}})
    two = Domain.from_dict({"entities": ["city"], "slots": slots,
                            "forms": {"f": {"required_slots": ["city", "town"]}}})
    assert remembered(FormAction("f", None), one) == ORIGINAL(FormAction("f", None), one)
    assert remembered(FormAction("f", None), two) == set()  # the mapping fills two slots
    assert remembered(FormAction("f", None), one) != set()


def test_calls_reuse_one_connection_and_send_the_same_json() -> None:
    async def scenario() -> tuple[list, list]:
        bodies, peers = [], []

        async def webhook(request: web.Request) -> web.Response:
            bodies.append(await request.json())
            peers.append(request.transport.get_extra_info("peername"))
            return web.json_response({"events": [], "responses": []})

        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        original = EndpointConfig.session
        EndpointConfig.session = action_client.shared_session
        try:
            body = {"text": "Zoë / Łódź", "n": 1.5, "events": [{"event": "user"}]}
            for _ in range(3):
                assert await endpoint.request(json=body, method="post") == {
                    "events": [], "responses": []}
        finally:
            EndpointConfig.session = original
            await action_client.close_all()
            await runner.cleanup()
        return bodies, peers

    bodies, peers = asyncio.run(scenario())
    assert bodies == [json.loads(json.dumps(
        {"text": "Zoë / Łódź", "n": 1.5, "events": [{"event": "user"}]}))] * 3
    assert len(set(peers)) == 1  # one kept-alive connection for the three calls


def test_the_kept_alive_sessions_are_closed_when_the_server_stops() -> None:
    from sanic import Blueprint

    from components.channels.base import Gate, attach

    blueprint = Blueprint("stop_test")
    attach(Gate("stop_test"), blueprint)
    on_stop = [f.listener for f in blueprint._future_listeners if f.event == "after_server_stop"]
    assert len(on_stop) == 1

    async def scenario() -> bool:
        endpoint = EndpointConfig("http://127.0.0.1:9/webhook")
        async with action_client.shared_session(endpoint) as session:
            assert not session.closed
        await on_stop[0](None, asyncio.get_running_loop())
        return session.closed

    assert asyncio.run(scenario())
