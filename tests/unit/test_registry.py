"""Controllers and authorities loaded from data, and the datenanfragen import."""

from __future__ import annotations

import importlib.util
import json
import re
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from bot import registry
from bot.registry import (
    authorities_for,
    get_authority,
    get_controller,
    import_info,
    list_authorities,
    list_controllers,
)

ROOT = Path(__file__).resolve().parents[2]
IMPORTED = ROOT / "bot" / "data" / "datenanfragen"
SHARED_SOURCE = ROOT.parent / "shared" / "data" / "datenanfragen"


def test_clearview_contact_comes_from_the_record() -> None:
    clearview = get_controller("clearview-ai")
    assert clearview.name == "Clearview AI, Inc."
    assert clearview.email == "legal-requests@clearview.ai"
    assert any("418 Broadway" in line for line in clearview.address_lines)
    assert clearview.address_lines[-1] == "United States of America"
    assert clearview.language == "en"
    assert clearview.last_verified == date(2025, 8, 19)


def test_clearview_sources_and_notes() -> None:
    clearview = get_controller("clearview-ai")
    assert any("clearview-and-gdpr.md" in s for s in clearview.sources)
    assert "https://www.clearview.ai/privacy-policy" in clearview.sources  # from the record
    assert len(set(clearview.sources)) == len(clearview.sources)
    assert any("privacy-requests@clearview.ai" in note for note in clearview.notes)


def test_unknown_controller_lists_valid_slugs() -> None:
    with pytest.raises(KeyError, match="clearview-ai"):
        get_controller("no-such-company")


def test_list_controllers() -> None:
    slugs = [c.slug for c in list_controllers()]
    assert "clearview-ai" in slugs
    assert slugs == sorted(slugs)


def test_all_57_imported_authorities_and_5_regulators_load() -> None:
    authorities = list_authorities()
    assert len(authorities) == 57 + 5  # + OPC, OAIC, CPPA, ANPD, PPC (authorities.yml)
    for authority in authorities:
        assert authority.name
        assert authority.sources
        assert all(re.fullmatch(r"[A-Z]{2}(-[A-Z]{2})?|ALL", c) for c in authority.countries)
        # Imported records have an address; the regulators outside the GDPR only what the
        # facts file gives (a website at most): never an invented address.
        assert authority.address_lines or authority.slug in {
            "caopc", "auoaic", "uscppa", "branpd", "jpppc"}


def test_cnil_for_france() -> None:
    (cnil,) = authorities_for("FR")
    assert cnil.slug == "frcnil"
    assert "CNIL" in cnil.name
    assert cnil.complaint_language == "fr"
    assert cnil.webform == "https://www.cnil.fr/fr/plaintes"
    assert cnil.address_lines[-1] == "France"


def test_ico_for_uk_and_gb() -> None:
    assert [a.slug for a in authorities_for("GB")] == ["gbico"]
    assert authorities_for("uk") == authorities_for("GB")


def test_germany_lists_lander_first_and_bfdi_last() -> None:
    german = authorities_for("DE")
    slugs = [a.slug for a in german]
    assert len(german) > 16
    assert slugs[-1] == "debfdi"
    assert slugs.index("debaylda") < slugs.index("dekathdsz")  # Land before church
    assert slugs.index("derf") < slugs.index("debfdi")


def test_eea_and_switzerland_have_authorities() -> None:
    for country in ["IS", "LI", "NO", "CH", "NL", "IT", "GR", "AT"]:
        assert authorities_for(country), country
    assert authorities_for("US") == []  # California's CPPA is for US-CA only
    assert [a.slug for a in authorities_for("US-CA")] == ["uscppa"]


def test_get_authority() -> None:
    assert get_authority("nlap").countries == ("NL",)
    with pytest.raises(KeyError, match="frcnil"):
        get_authority("nope")


def test_import_info_names_source_commit_and_licence() -> None:
    info = import_info()
    assert info["source_commit"] == "0a29c3d6feee53b02e73204a3dbd312eafe56629"
    assert info["license"] == "CC0-1.0"
    assert "datenanfragen" in info["source"]
    date.fromisoformat(info["imported_on"])
    info["license"] = "changed"
    assert import_info()["license"] == "CC0-1.0"  # callers get a copy


def test_loaders_are_cached() -> None:
    assert get_controller("clearview-ai") is get_controller("clearview-ai")
    assert registry._authorities.cache_info().currsize == 1


@pytest.mark.skipif(not SHARED_SOURCE.exists(), reason="shared/data/datenanfragen not present")
def test_imported_records_follow_schema_field_names() -> None:
    schema = json.loads((SHARED_SOURCE / "schema-supervisory-authorities.json").read_text())
    allowed = set(schema["properties"])
    for path in (IMPORTED / "supervisory-authorities").glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        assert set(schema["required"]) <= record.keys() <= allowed, path.name


def test_licence_is_copied() -> None:
    assert "CC0" in (IMPORTED / "LICENSE").read_text(encoding="utf-8")[:200]


def _load_import_script() -> ModuleType:
    path = ROOT / "scripts" / "import_datenanfragen.py"
    spec = importlib.util.spec_from_file_location("import_datenanfragen", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SHARED_SOURCE.exists(), reason="shared/data/datenanfragen not present")
def test_import_script_copies_byte_for_byte(tmp_path: Path) -> None:
    script = _load_import_script()
    stale = tmp_path / "companies" / "gone.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")
    info = script.import_records(SHARED_SOURCE, tmp_path, today=date(2026, 1, 2))
    assert info["imported_on"] == "2026-01-02"
    assert not stale.exists()  # records deleted upstream disappear
    for sub in ("supervisory-authorities", "companies"):
        originals = sorted((SHARED_SOURCE / sub).glob("*.json"))
        assert [p.name for p in originals] == sorted(p.name for p in (tmp_path / sub).iterdir())
        for original in originals:
            assert (tmp_path / sub / original.name).read_bytes() == original.read_bytes()
    written = json.loads((tmp_path / "IMPORT.json").read_text(encoding="utf-8"))
    assert written == info
    assert written["attribution"] == "Records from the datenanfragen.de open database, CC0 1.0"


@pytest.mark.skipif(not SHARED_SOURCE.exists(), reason="shared/data/datenanfragen not present")
def test_committed_copy_matches_the_source() -> None:
    for sub in ("supervisory-authorities", "companies"):
        for original in (SHARED_SOURCE / sub).glob("*.json"):
            assert (IMPORTED / sub / original.name).read_bytes() == original.read_bytes()

