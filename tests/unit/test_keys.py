"""The servers' three secrets come through one loader (`bot.keys.load`)."""

from __future__ import annotations

import dataclasses
import stat
import threading
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot import keys


@pytest.mark.parametrize("secret", [keys.DOWNLOAD, keys.SEAL, keys.CASES],
                         ids=lambda s: s.env)
def test_a_key_file_is_created_private_and_reused(
    secret: keys.Secret, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(secret.env, raising=False)
    path = tmp_path / "var" / "some.key"
    key = keys.load(secret, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert keys.load(secret, path) == key
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    if secret is not keys.CASES:
        Fernet(key)  # a usable key


def test_processes_starting_together_get_the_same_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(keys.SEAL.env, raising=False)
    path = tmp_path / "seal.key"
    found: list[bytes] = []
    threads = [threading.Thread(target=lambda: found.append(keys.load(keys.SEAL, path)))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(found)) == 1


def test_a_key_from_the_environment_is_checked_and_never_quoted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    env_key = Fernet.generate_key()
    monkeypatch.setenv("DOWNLOAD_KEY", env_key.decode())
    path = tmp_path / "download.key"
    assert keys.load(keys.DOWNLOAD, path) == env_key
    assert not path.exists()
    monkeypatch.setenv("DOWNLOAD_KEY", "not-a-key")
    with pytest.raises(ValueError, match=r"\$DOWNLOAD_KEY is not a Fernet key") as info:
        keys.load(keys.DOWNLOAD, path)
    assert "not-a-key" not in str(info.value)
    monkeypatch.setenv("CASES_SECRET", "x" * 32)
    assert keys.load(keys.CASES, path) == b"x" * 32
    monkeypatch.setenv("CASES_SECRET", "short")
    with pytest.raises(ValueError, match="too short"):
        keys.load(keys.CASES, path)


def test_a_bad_key_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEAL_KEY", raising=False)
    path = tmp_path / "seal.key"
    path.write_text("short\n")
    path.chmod(0o600)
    with pytest.raises(ValueError, match="is not a Fernet key"):
        keys.load(dataclasses.replace(keys.SEAL, file=path))
