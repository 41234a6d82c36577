"""The container files kept in step with the project and with each other (no container needed).

`make test-container` runs these first, then builds and runs the stack
(scripts/test_container.sh).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from container import runtime_lock

ROOT = Path(__file__).resolve().parents[2]
DEV_TOOLS = {"pytest", "pytest-timeout", "hypothesis", "ruff", "pypdf", "playwright"}
APP_SERVICES = ("rasa", "actions")


def compose(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


# --- the runtime lock ------------------------------------------------------------------------

def test_runtime_lock_is_a_subset_of_requirements_lock_line_for_line() -> None:
    full = runtime_lock.read_lock(runtime_lock.LOCK)
    runtime = runtime_lock.read_lock(runtime_lock.RUNTIME_LOCK)
    assert runtime, "container/requirements.runtime.lock is empty"
    different = {name: line for name, line in runtime.items() if full.get(name) != line}
    assert not different, f"not pinned like requirements.lock: {different}"


def test_runtime_lock_leaves_out_the_development_tools_only() -> None:
    runtime = runtime_lock.read_lock(runtime_lock.RUNTIME_LOCK)
    assert not DEV_TOOLS & set(runtime)
    for root in runtime_lock.runtime_roots():
        assert runtime_lock.canonicalize_name(root.name) in runtime, root


def test_runtime_lock_is_in_step_with_requirements_lock_and_pyproject() -> None:
    """What `python container/runtime_lock.py` would write now (after `make lock`, run it)."""
    assert runtime_lock.RUNTIME_LOCK.read_text(encoding="utf-8") == runtime_lock.render(), (
        "run: .venv/bin/python container/runtime_lock.py")


# --- the image -------------------------------------------------------------------------------

def test_containerfile_defaults_and_promises() -> None:
    text = (ROOT / "Containerfile").read_text(encoding="utf-8")
    assert "ARG BASE_IMAGE=docker.io/library/python:3.10-slim-bookworm" in text
    assert re.search(r"^ARG EXTRA_CA_CERT=$", text, re.M)
    assert re.search(r"^USER assistant$", text, re.M)
    assert 'VOLUME ["/app/var"]' in text
    assert "container/requirements.runtime.lock" in text
    # Nothing that breaks the one-container mode or leaks: no URL, key or password in ENV.
    env_block = "\n".join(re.findall(r"^ENV (?:.*\\\n)*.*$", text, re.M))
    assert not re.search(r"https?://|_URL|KEY|SECRET|PASSWORD", env_block), env_block


def test_build_context_keeps_the_model_and_leaves_out_private_and_heavy_files() -> None:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for private in (".venv", ".env", "var", ".git", "tests", "web/widget/node_modules"):
        assert private in lines, private
    assert "!models/current.tar.gz" in lines and "!models/current.fingerprint" in lines


# --- compose.yaml (Docker, as an NGO runs it) and compose.ci.yaml (host network, CI) ---------

def test_compose_publishes_only_rasa_on_loopback_with_health_checks_and_official_images() -> None:
    services = compose("compose.yaml")["services"]
    assert set(services) == {"rasa", "actions", "postgres", "redis"}
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"rasa"}
    assert services["rasa"]["ports"] == ["${RASA_BIND:-127.0.0.1}:${RASA_PORT:-5005}:5005"]
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"
        assert "network_mode" not in service
    assert services["postgres"]["image"].startswith("docker.io/library/postgres:")
    assert services["redis"]["image"].startswith("docker.io/library/redis:")
    assert compose("compose.yaml")["networks"]["back"]["internal"] is True
    for name in ("actions", "postgres", "redis"):
        assert services[name]["networks"] == ["back"], name


def test_ci_compose_runs_the_same_services_on_the_host_network() -> None:
    main, ci = compose("compose.yaml")["services"], compose("compose.ci.yaml")["services"]
    assert set(ci) == set(main)
    for name, service in ci.items():
        assert service["network_mode"] == "host", name
        assert "ports" not in service, name
    for name in APP_SERVICES:
        assert ci[name]["command"] == main[name]["command"]
        assert ci[name]["healthcheck"]["test"] == main[name]["healthcheck"]["test"]
        missing = set(main[name]["environment"]) - set(ci[name]["environment"])
        assert not missing, f"{name}: compose.ci.yaml lacks {sorted(missing)}"
        assert ci[name]["environment"]["HOST"] == "127.0.0.1"
    assert ci["redis"]["command"][:3] == ["redis-server", "--bind", "127.0.0.1"]
    assert "listen_addresses=127.0.0.1" in ci["postgres"]["command"]


def test_env_example_names_only_settings_that_compose_uses() -> None:
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{([A-Z_]+)", text))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"^#? ?([A-Z][A-Z_]+)=", example, re.M))
    assert names, ".env.example names nothing"
    assert names <= used, f".env.example names what compose.yaml ignores: {sorted(names - used)}"
    required = set(re.findall(r"\$\{([A-Z_]+):\?", text))
    assert required <= names, f"required but not in .env.example: {sorted(required - names)}"


@pytest.mark.parametrize("role", ["all", "rasa", "actions", "health", "bot"])
def test_entrypoint_knows_every_role_it_documents(role: str) -> None:
    text = (ROOT / "container" / "entrypoint.sh").read_text(encoding="utf-8")
    assert re.search(rf"^  {role}\)$", text, re.M), role
