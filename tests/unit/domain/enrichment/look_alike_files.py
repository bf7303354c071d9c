"""Clean files whose rows look alike without any two being one record (nothing downloaded).

Each generator returns (header, rows); a near-duplicate rule should report nothing on any of them.
Shared by tests/unit/domain/enrichment and bench/enrichment_bench.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from rapidfuzz.distance import OSA

FIRST = [
    "Juan",
    "María",
    "Luis",
    "Ana",
    "Carlos",
    "Lucía",
    "José",
    "Elena",
    "Pablo",
    "Sofía",
    "Jorge",
    "Marta",
]
LAST = ["Pérez", "García", "López", "Martínez", "Sánchez", "Gómez", "Ruiz", "Díaz", "Torres", "Romero"]
STREETS = ["Calle Mayor", "Av. Reforma", "Calle Alcalá", "Paseo del Prado", "Calle Hidalgo", "Gran Vía"]
CITIES = ["Madrid", "Sevilla", "Valencia", "Bilbao", "Granada"]
PRODUCTS = ["Café molido 500 g", "Té verde 100 g", "Azúcar moreno 1 kg", "Leche entera 1 l", "Pan de molde"]

PRICES = dict(zip(PRODUCTS, [3.75, 2.5, 1.2, 0.95, 1.8], strict=True))
Rows = tuple[list[str], list[list[str]]]


def orders(rows: int = 300, seed: int = 1) -> Rows:
    """Customers buying the same products again, on other dates, in other amounts."""
    rng = random.Random(seed)
    customers = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", i) for i in range(max(2, rows // 4))]
    out, seen, alike = [], set(), set()
    while len(out) < rows:
        order = len(out)
        name, number = rng.choice(customers)
        email = f"{name.split()[0].lower()}.{number}@example.com"
        quantity = rng.randint(1, 5)
        day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        product = rng.choice(PRODUCTS)
        price = PRICES[product]
        if (number, product, quantity) in seen:  # the same product again, in another amount
            continue
        # Namesakes buying the same on the same day would differ by their e-mail's number alone
        # ("luis.196@" and "luis.1969@"): one keystroke, as a typo would; a clean file has none.
        if (name, product, day, quantity) in alike:
            continue
        seen.add((number, product, quantity))
        alike.add((name, product, day, quantity))
        out.append([f"A{10000 + order}", name, email, product, day, str(quantity), f"{quantity * price:.2f}"])
    return ["order_id", "customer", "email", "product", "date", "quantity", "amount"], out


def numbered_people(rows: int = 50, seed: int = 2) -> Rows:
    """Distinct people whose names and e-mails differ only by a number, with different amounts."""
    rng = random.Random(seed)
    out, amounts = [], {}
    people = max(2, rows * 4 // 5)
    for i in range(rows):
        person = i % people
        amount = f"{rng.uniform(5, 500):.2f}"
        while person in amounts and _alike(amount, amounts[person]):  # clearly another amount
            amount = f"{rng.uniform(5, 500):.2f}"
        amounts[person] = amount
        out.append([str(i + 1), f"Juan Pérez {person}", f"{person}juan.perez@example.com", "Madrid", amount])
    return ["id", "name", "email", "city", "amount"], out


def _alike(amount: str, other: str) -> bool:
    """Equal, within a cent, or one keystroke apart: what one amount written twice may look like."""
    return abs(float(amount) - float(other)) <= 0.01 or OSA.distance(amount, other) <= 1


def catalogue(rows: int = 400, seed: int = 3) -> Rows:
    """Product variants: one model in several colours and sizes, same price and category."""
    rng = random.Random(seed)
    colours, sizes = ["Rojo", "Azul", "Negro", "Blanco", "Verde"], ["S", "M", "L", "XL"]
    models = ["Camiseta básica", "Sudadera con capucha", "Pantalón chino", "Polo piqué", "Chaqueta vaquera"]
    out = []
    for model_number in range(rows):
        model = models[model_number % len(models)]
        line = model_number // len(models)
        colour, size = rng.choice(colours), rng.choice(sizes)
        sku = f"{model[:3].upper()}-{line:03d}-{colour[:2].upper()}-{size}"
        price = f"{9.95 + 5 * (model_number % len(models)) + line % 3:.2f}"
        out.append(
            [
                sku,
                f"{model} {line} {colour} talla {size}",
                colour,
                size,
                "Ropa",
                price,
                str(rng.randint(0, 80)),
            ]
        )
    # One row per (model, line, colour, size): drop the accidental exact repeats a random draw makes.
    unique = list({row[0]: row for row in out}.values())
    return ["sku", "name", "colour", "size", "category", "price", "stock"], unique


def addresses(rows: int = 400, seed: int = 4) -> Rows:
    """Neighbours: the same street, city and postcode, a different house number."""
    rng = random.Random(seed)
    seen, out = set(), []
    while len(out) < min(rows, 120 * len(STREETS)):
        street, number = rng.choice(STREETS), rng.randint(1, 120)
        if (street, number) in seen:
            continue
        seen.add((street, number))
        city_index = STREETS.index(street) % len(CITIES)
        out.append([f"{street} {number}", CITIES[city_index], f"280{city_index:02d}", "España"])
    return ["address", "city", "postcode", "country"], out


def namesakes(rows: int = 400, seed: int = 5) -> Rows:
    """People sharing first and last names, born on other days, living elsewhere."""
    rng = random.Random(seed)
    out = []
    for i in range(rows):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        born = f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        phone = f"6{rng.randint(10_000_000, 99_999_999)}"
        out.append([name, born, rng.choice(CITIES), phone, f"user{i}@example.com"])
    return ["name", "born", "city", "phone", "email"], out


def payments(rows: int = 500, seed: int = 6) -> Rows:
    """Customers paying again and again: each payment its own id, day and amount."""
    rng = random.Random(seed)
    customers = []
    for number in range(max(2, rows // 10)):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{last.lower()}{number}@example.com"
        customers.append((f"{first} {last}", email))
    out, seen, paid = [], set(), {}
    while len(out) < rows:
        customer = rng.randrange(len(customers))
        day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if (customer, day) in seen:  # one payment a customer a day: a second would be a double charge
            continue
        amount = f"{rng.uniform(5, 500):.2f}"
        if any(_alike(amount, other) for other in paid.get(customer, ())):  # clearly another amount
            continue
        seen.add((customer, day))
        paid.setdefault(customer, []).append(amount)
        name, email = customers[customer]
        out.append([f"P{100000 + len(out)}", name, email, day, amount])
    return ["payment_id", "customer", "email", "date", "amount"], out


LOOK_ALIKES: dict[str, Callable[[], Rows]] = {
    "orders repeating customer and product": orders,
    "people numbered alike": numbered_people,
    "catalogue of variants": catalogue,
    "addresses differing by house number": addresses,
    "people sharing names": namesakes,
    "payments repeating customers": payments,
}
