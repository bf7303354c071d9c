"""A deterministic, labelled set of near-duplicate and distinct person records (nothing downloaded).

Columns: name, address, city, email. A near duplicate is a base record rewritten with one to three
perturbations (case, accents, abbreviations, a typo, name order, punctuation). Hard negatives are
different people who look alike: the same surname and address with another first name (a relative),
or the same name living elsewhere with another e-mail.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

FIRST = [
    "Juan",
    "José",
    "María",
    "Lucía",
    "Carlos",
    "Ana",
    "Luis",
    "Sofía",
    "Jorge",
    "Marta",
    "Andrés",
    "Inés",
    "Ramón",
    "Begoña",
    "Íñigo",
    "Raúl",
    "Elena",
    "Pablo",
    "Carmen",
    "Javier",
    "Rocío",
    "Álvaro",
    "Nuria",
    "Sergio",
    "Paula",
    "Diego",
    "Teresa",
    "Óscar",
    "Julia",
    "Tomás",
    "John",
    "Mary",
    "Robert",
    "Linda",
    "Michael",
    "Sarah",
    "David",
    "Karen",
    "James",
    "Emily",
    "William",
    "Laura",
    "Thomas",
    "Helen",
    "Daniel",
    "Grace",
]
LAST = [
    "Pérez",
    "García",
    "Martínez",
    "López",
    "Sánchez",
    "Gómez",
    "Fernández",
    "Núñez",
    "Rodríguez",
    "Hernández",
    "Díaz",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Jiménez",
    "Ruiz",
    "Moreno",
    "Ibáñez",
    "Castaño",
    "Ortega",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Taylor",
    "Anderson",
    "Thompson",
    "Clark",
    "Lewis",
    "Walker",
]
SPANISH_STREETS = [
    "Reforma",
    "Insurgentes",
    "Juárez",
    "Hidalgo",
    "Alcalá",
    "Serrano",
    "Castellana",
    "Colón",
    "Bolívar",
    "Morelos",
]
ENGLISH_STREETS = ["Main", "Oak", "Maple", "Cedar", "Elm", "Pine", "Washington", "Lake", "Hill", "Park"]
SPANISH_TYPES = (("Avenida", "Av."), ("Calle", "C/"), ("Paseo", "Paseo"), ("Plaza", "Pza."))
ENGLISH_TYPES = (("Street", "St."), ("Avenue", "Ave."), ("Road", "Rd."), ("Boulevard", "Blvd."))
CITIES = (
    "Ciudad de México",
    "Madrid",
    "Bogotá",
    "Málaga",
    "Córdoba",
    "Sevilla",
    "Querétaro",
    "New York",
    "Boston",
    "Chicago",
    "San Francisco",
    "Austin",
)
DOMAINS = ("gmail.com", "correo.es", "example.org", "empresa.mx")

Record = tuple[str, str, str, str]


@dataclass(frozen=True)
class LabelledRecords:
    records: list[Record]
    duplicate_pairs: set[tuple[int, int]]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _person(rng: random.Random, *, last: str | None = None, first: str | None = None) -> dict[str, str]:
    first = first or rng.choice(FIRST)
    last = last or rng.choice(LAST)
    second = rng.choice(LAST)
    spanish = rng.random() < 0.6
    street = rng.choice(SPANISH_STREETS if spanish else ENGLISH_STREETS)
    kind = rng.choice(SPANISH_TYPES if spanish else ENGLISH_TYPES)
    number = rng.randint(1, 2500)
    address = f"{kind[0]} {street} {number}" if spanish else f"{number} {street} {kind[0]}"
    email_user = f"{_plain(first).lower()}.{_plain(last).lower()}{rng.randint(1, 99)}"
    return {
        "first": first,
        "last": f"{last} {second}" if spanish and rng.random() < 0.5 else last,
        "address": address,
        "city": rng.choice(CITIES),
        "email": f"{email_user}@{rng.choice(DOMAINS)}",
    }


def _record(p: dict[str, str]) -> Record:
    return (f"{p['first']} {p['last']}", p["address"], p["city"], p["email"])


def _typo(rng: random.Random, text: str) -> str:
    positions = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(positions) < 4:
        return text
    i = rng.choice(positions[1:-1])
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + text[i] + text[i:]


def _abbreviate(text: str) -> str:
    for long, short in SPANISH_TYPES + ENGLISH_TYPES:
        if long in text:
            return text.replace(long, short)
    return text


def _perturb(rng: random.Random, p: dict[str, str]) -> Record:
    name, address, city, email = _record(p)
    kinds = rng.sample(["case", "accents", "abbrev", "typo", "order", "punct"], rng.randint(1, 3))
    for kind in kinds:
        if kind == "case":
            name, city = (name.upper(), city.lower()) if rng.random() < 0.5 else (name.lower(), city.upper())
        elif kind == "accents":
            name, address, city = _plain(name), _plain(address), _plain(city)
        elif kind == "abbrev":
            address = _abbreviate(address)
            address = address.replace(" 1", " #1").replace(" 2", " No. 2") if rng.random() < 0.5 else address
        elif kind == "typo":
            field = rng.randrange(3)
            if field == 0:
                name = _typo(rng, name)
            elif field == 1:
                address = _typo(rng, address)
            else:
                city = _typo(rng, city)
        elif kind == "order":
            name = f"{p['last']}, {p['first']}"
        else:
            address = address.replace(" ", ", ", 1) + "."
            name = " " + name + " "
    return name, address, city, email.upper() if rng.random() < 0.2 else email


def generate(count: int = 1000, *, seed: int = 20240517) -> LabelledRecords:
    """About `count` base people; ~30 % get a near duplicate, ~20 % a look-alike different person."""
    rng = random.Random(seed)
    records: list[Record] = []
    pairs: set[tuple[int, int]] = set()
    for _ in range(count):
        person = _person(rng)
        records.append(_record(person))
        base = len(records) - 1
        roll = rng.random()
        if roll < 0.3:
            variant = _perturb(rng, person)
            while tuple(c.strip() for c in variant) == records[base]:
                variant = _perturb(rng, person)
            records.append(variant)
            pairs.add((base, len(records) - 1))
        elif roll < 0.4:
            relative = dict(person, first=rng.choice([f for f in FIRST if f != person["first"]]))
            relative["email"] = _person(rng, first=relative["first"], last=person["last"])["email"]
            records.append(_record(relative))
        elif roll < 0.5:
            namesake = _person(rng, first=person["first"], last=person["last"].split()[0])
            records.append(_record(namesake))
    order = list(range(len(records)))
    rng.shuffle(order)
    position = {old: new for new, old in enumerate(order)}
    shuffled = [records[old] for old in order]
    relabelled = {tuple(sorted((position[a], position[b]))) for a, b in pairs}
    return LabelledRecords(shuffled, {(a, b) for a, b in relabelled})
