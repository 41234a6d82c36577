"""Controllers (who receives a request) and supervisory authorities (who hears a complaint).

Both are data, not code: authorities and company contacts are imported unchanged from the
datenanfragen.de open database (CC0, see `scripts/import_datenanfragen.py`), and each
controller is a YAML file in `bot/data/controllers/` that may reference such a record and add
what it lacks (verification date, sources, notes). An NGO adds a controller by adding a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

_DATA = Path(__file__).with_name("data")
_DATENANFRAGEN = _DATA / "datenanfragen"
_CONTROLLERS = _DATA / "controllers"

# Germany has one federal, sixteen Land and several church and broadcasting authorities, all
# tagged "de". Which one is competent depends on the controller and the Land; this module
# does not pick one, it only orders them: Land authorities first, then the sectoral ones, the
# federal commissioner (BfDI) last.
_FEDERAL = frozenset({"debfdi"})
_SECTORAL = frozenset(
    {
        "deekdbfd",  # Protestant church (EKD)
        "dekathbayddsb",  # Catholic dioceses, Bavaria
        "dekathdsz",  # Catholic data protection centre
        "dekathffdsz",  # Catholic, Frankfurt
        "dekathnordddsb",  # Catholic, North
        "dekathostddsb",  # Catholic, East
        "derf",  # public broadcasting
        "derfdw",  # Deutsche Welle
        "debayldb",  # Bavarian public bodies; BayLDA (debaylda) supervises companies there
    }
)


@dataclass(frozen=True)
class Controller:
    """An organisation that receives a data-subject request."""

    slug: str
    name: str
    email: str | None
    address_lines: tuple[str, ...]
    web: str | None
    phone: str | None
    language: str  # default language of the letter
    sources: tuple[str, ...]
    last_verified: date | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Authority:
    """A supervisory authority to which a person can complain (GDPR Art. 77)."""

    slug: str
    name: str
    countries: tuple[str, ...]  # upper-case ISO codes from "relevant-countries" ("ALL" kept)
    address_lines: tuple[str, ...]
    email: str | None
    web: str | None
    webform: str | None
    phone: str | None
    complaint_language: str | None
    sources: tuple[str, ...]


def _read_json(path: Path) -> dict[str, Any]:
    """Load one record; the file name must match its slug, as the schema requires."""
    with path.open(encoding="utf-8") as fh:
        record: dict[str, Any] = json.load(fh)
    if record.get("slug") != path.stem:
        raise ValueError(f"{path}: slug {record.get('slug')!r} does not match the file name")
    return record


def _lines(address: str | list[str] | None) -> tuple[str, ...]:
    """Address as lines, from datenanfragen's newline-joined string or a YAML list."""
    if address is None:
        return ()
    raw = address.splitlines() if isinstance(address, str) else [str(a) for a in address]
    return tuple(line.strip() for line in raw if line.strip())


def _unique(items: list[str]) -> tuple[str, ...]:
    """Keep order, drop duplicates (sources may be listed in both YAML and record)."""
    return tuple(dict.fromkeys(items))


@lru_cache(maxsize=1)
def _authorities() -> dict[str, Authority]:
    """All imported authorities by slug, loaded once."""
    result = {}
    for path in sorted((_DATENANFRAGEN / "supervisory-authorities").glob("*.json")):
        record = _read_json(path)
        result[record["slug"]] = Authority(
            slug=record["slug"],
            name=record["name"],
            countries=tuple(c.upper() for c in record["relevant-countries"]),
            address_lines=_lines(record["address"]),
            email=record.get("email"),
            web=record.get("web"),
            webform=record.get("webform"),
            phone=record.get("phone"),
            complaint_language=record.get("complaint-language"),
            sources=tuple(record["sources"]),
        )
    return result


def _company_record(slug: str) -> dict[str, Any]:
    """The imported datenanfragen company record a controller file refers to."""
    path = _DATENANFRAGEN / "companies" / f"{slug}.json"
    if not path.exists():
        raise ValueError(f"datenanfragen company record {slug!r} is not imported ({path})")
    return _read_json(path)


def _parse_date(value: Any) -> date | None:
    """YAML gives a date for 2025-08-19 but a string if quoted; accept both."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _controller(path: Path) -> Controller:
    """Merge a controller YAML file over the record it references (YAML fields win)."""
    with path.open(encoding="utf-8") as fh:
        spec: dict[str, Any] = yaml.safe_load(fh) or {}
    slug = spec.get("slug", path.stem)
    record = _company_record(spec["datenanfragen"]) if spec.get("datenanfragen") else {}
    merged = {**record, **{k: v for k, v in spec.items() if v is not None}}
    if not merged.get("name"):
        raise ValueError(f"{path}: a controller needs a name or a datenanfragen record")
    return Controller(
        slug=slug,
        name=merged["name"],
        email=merged.get("email"),
        address_lines=_lines(merged.get("address")),
        web=merged.get("web"),
        phone=merged.get("phone"),
        language=spec.get("language", "en"),
        sources=_unique([str(s) for s in spec.get("sources", []) + record.get("sources", [])]),
        last_verified=_parse_date(spec.get("last_verified")),
        notes=tuple(str(n).strip() for n in spec.get("notes", [])),
    )


@lru_cache(maxsize=1)
def _controllers() -> dict[str, Controller]:
    """All controllers by slug, loaded once; a duplicate slug is an error."""
    result: dict[str, Controller] = {}
    for path in sorted(_CONTROLLERS.glob("*.yml")):
        controller = _controller(path)
        if controller.slug in result:
            raise ValueError(f"{path}: duplicate controller slug {controller.slug!r}")
        result[controller.slug] = controller
    return result


def get_controller(slug: str) -> Controller:
    """The controller with this slug; KeyError lists the valid slugs."""
    try:
        return _controllers()[slug]
    except KeyError:
        valid = ", ".join(sorted(_controllers()))
        raise KeyError(f"unknown controller {slug!r}; valid: {valid}") from None


def list_controllers() -> list[Controller]:
    """All controllers, ordered by slug."""
    return [_controllers()[slug] for slug in sorted(_controllers())]


def get_authority(slug: str) -> Authority:
    """The authority with this datenanfragen slug; KeyError lists the valid slugs."""
    try:
        return _authorities()[slug]
    except KeyError:
        valid = ", ".join(sorted(_authorities()))
        raise KeyError(f"unknown authority {slug!r}; valid: {valid}") from None


def list_authorities() -> list[Authority]:
    """All authorities, ordered by slug."""
    return list(_authorities().values())


def _rank(authority: Authority) -> tuple[int, str]:
    """Land (or sole national) authorities first, sectoral next, federal last."""
    if authority.slug in _FEDERAL:
        return 2, authority.slug
    return (1 if authority.slug in _SECTORAL else 0), authority.slug


def authorities_for(country: str) -> list[Authority]:
    """Authorities whose relevant countries include `country` ("UK" is read as GB).

    Records marked "all" are not returned: they are not the complaint authority of a place.
    """
    code = country.strip().upper()
    code = "GB" if code == "UK" else code
    return sorted((a for a in _authorities().values() if code in a.countries), key=_rank)


def complaint_authorities(country: str) -> list[Authority]:
    """Where a person in `country` complains about a company: the general authorities only.

    One for most countries; in Germany one per Land, so the person picks theirs.
    """
    return [a for a in authorities_for(country) if _rank(a)[0] == 0]


@lru_cache(maxsize=1)
def _import_info() -> dict[str, Any]:
    """IMPORT.json read once."""
    with (_DATENANFRAGEN / "IMPORT.json").open(encoding="utf-8") as fh:
        info: dict[str, Any] = json.load(fh)
    return info


def import_info() -> dict[str, Any]:
    """Where and when the datenanfragen records came from (a copy, safe to modify)."""
    return dict(_import_info())
