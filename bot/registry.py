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
_AUTHORITIES = _DATA / "authorities.yml"  # overlays on the records, and regulators they lack
CHANNEL_KINDS = ("webform", "email", "pec", "post", "web")

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
class Contact:
    """One way to reach a controller, as a dated, sourced record (sources disagree)."""

    kind: str  # "email" or "post"
    value: str  # the address (post: lines joined by ", ")
    status: str  # "current", "earlier", "other" (seen in a decision), "do_not_use"
    source: str
    checked: date | None = None
    note: str = ""


@dataclass(frozen=True)
class SizeReport:
    """How many images a controller was reported to hold: always images, never faces."""

    images: int
    qualifier: str  # "", "over", "up to"
    year: int
    source: str
    kind: str  # "regulator", "press report", "ngo", ...


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
    contacts: tuple[Contact, ...] = ()  # every address in circulation, dated and sourced
    size_reports: tuple[SizeReport, ...] = ()


@dataclass(frozen=True)
class Channel:
    """One way an authority takes complaints: "webform" (target: the form's URL), "email" or
    "pec" (target: the address; a PEC address takes certified mail only), "post" (the
    authority's address lines), "web" (target: its website; the channel itself is not in our
    records)."""

    kind: str
    target: str | None = None


@dataclass(frozen=True)
class Authority:
    """A supervisory authority or regulator to which a person can complain."""

    slug: str
    name: str
    countries: tuple[str, ...]  # upper-case ISO codes: countries or subdivisions ("US-CA")
    address_lines: tuple[str, ...]
    email: str | None
    web: str | None
    webform: str | None
    phone: str | None
    complaint_language: str | None  # the first of `complaint_languages`, if any
    sources: tuple[str, ...]
    complaint_languages: tuple[str, ...] = ()  # every language it takes complaints in
    channels: tuple[Channel, ...] = ()  # how it takes complaints, in the order to offer them
    channels_sourced: bool = False  # False: guessed from the record's fields, not checked
    signed: bool = False  # the complaint must be signed (the Garante)
    pec: str | None = None  # a certified-mail (PEC) address, for certified mail only


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
def _authority_data() -> dict[str, Any]:
    """authorities.yml read once."""
    with _AUTHORITIES.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh) or {}
    return data


def _channels(spec: dict[str, Any], email: str | None, webform: str | None,
              web: str | None, address: tuple[str, ...]) -> tuple[tuple[Channel, ...], bool]:
    """The complaint channels: as the overlay lists them (sourced), else what the record
    has (a form, an e-mail address, a postal address), marked as not checked."""
    targets = {"webform": webform, "email": email, "pec": spec.get("pec"), "web": web,
               "post": None}
    if "channels" in spec:
        kinds = [str(k) for k in spec["channels"]]
        unknown = [k for k in kinds if k not in CHANNEL_KINDS]
        if unknown:
            raise ValueError(f"unknown channel kinds {unknown}; valid: {CHANNEL_KINDS}")
        return tuple(Channel(k, targets[k]) for k in kinds), True
    found = [Channel("webform", webform)] if webform else []
    found += [Channel("email", email)] if email else []
    found += [Channel("post")] if address else []
    return tuple(found), False


def _with_short_name(name: str, short: str | None) -> str:
    """"Agencia Española de Protección de Datos – AEPD (Spanish Agency …)": the short name
    after the own-language name, as the CNIL's record writes it, unless already there."""
    if not short or short in name.split() or f"– {short}" in name:
        return name
    head, sep, tail = name.partition(" (")
    return f"{head} – {short}{sep}{tail}"


def _authority(slug: str, record: dict[str, Any], overlay: dict[str, Any]) -> Authority:
    """One authority from a record (or a regulator's own entry) and its overlay."""
    merged = {**record, **overlay}
    languages = [str(lang) for lang in merged.get("complaint_languages") or
                 ([record["complaint-language"]] if record.get("complaint-language") else [])]
    countries = [c.upper() for c in record.get("relevant-countries") or record.get("countries")
                 or []] + [c.upper() for c in overlay.get("countries_also", [])]
    address = _lines(merged.get("address"))
    channels, sourced = _channels(merged, merged.get("email"), merged.get("webform"),
                                  merged.get("web"), address)
    sources = [str(s) for s in record.get("sources", [])]
    if overlay.get("source"):
        sources.append(str(overlay["source"]).strip())
    return Authority(
        slug=slug, name=_with_short_name(str(merged["name"]), overlay.get("short_name")),
        countries=tuple(countries), address_lines=address,
        email=merged.get("email"), web=merged.get("web"), webform=merged.get("webform"),
        phone=merged.get("phone"), complaint_language=languages[0] if languages else None,
        sources=_unique(sources), complaint_languages=tuple(languages), channels=channels,
        channels_sourced=sourced, signed=bool(merged.get("signed")), pec=merged.get("pec"),
    )


@lru_cache(maxsize=1)
def _authorities() -> dict[str, Authority]:
    """All imported authorities, then the regulators the records lack, by slug, loaded once."""
    overlays = _authority_data().get("overlays") or {}
    result = {}
    for path in sorted((_DATENANFRAGEN / "supervisory-authorities").glob("*.json")):
        record = _read_json(path)
        result[record["slug"]] = _authority(record["slug"], record,
                                            overlays.get(record["slug"]) or {})
    unknown = sorted(set(overlays) - set(result))
    if unknown:
        raise ValueError(f"authorities.yml: overlays for unknown records: {unknown}")
    for slug, entry in (_authority_data().get("authorities") or {}).items():
        if slug in result:
            raise ValueError(f"authorities.yml: {slug!r} is already an imported record")
        result[slug] = _authority(slug, entry, {})
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
    contacts = tuple(
        Contact(kind=str(c["kind"]), value=", ".join(_lines(c["value"])),
                status=str(c["status"]), source=str(c["source"]).strip(),
                checked=_parse_date(c.get("checked")), note=str(c.get("note", "")).strip())
        for c in spec.get("contacts", [])
    )
    sizes = tuple(
        SizeReport(images=int(r["images"]), qualifier=str(r.get("qualifier", "")),
                   year=int(r["year"]), source=str(r["source"]).strip(), kind=str(r["kind"]))
        for r in spec.get("size_reports", [])
    )
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
        contacts=contacts,
        size_reports=sizes,
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
    """Authorities whose relevant places include `country` ("UK" is read as GB).

    `country` may be a subdivision ("US-CA", "DE-BY"): an authority of the subdivision or of
    its country is returned. Records marked "all" are not returned: they are not the
    complaint authority of a place.
    """
    code = country.strip().upper()
    code = "GB" if code == "UK" else code
    wanted = {code, code.split("-")[0]}
    return sorted((a for a in _authorities().values() if wanted & set(a.countries)), key=_rank)


def complaint_authorities(country: str) -> list[Authority]:
    """Where a person in `country` (or a subdivision) complains about a company: the general
    authorities only.

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
