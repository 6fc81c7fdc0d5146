"""Country and currency codes, and the supplier blocs used for diversification.

Codes are checked against pycountry's ISO 3166-1 and ISO 4217 tables (the field's
standard source) rather than a hand-kept list. The bloc map is policy, not data: it
groups supplier countries the way a diversification target is usually stated ("no more
than half to the US"), and every option may override its bloc in the data file.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

Bloc = Literal["US", "Europe", "ROK", "Canada", "Other"]
BLOCS: tuple[str, ...] = ("US", "Europe", "ROK", "Canada", "Other")

# European NATO and EU members plus other European defence suppliers (CH, UA, …).
# The list is explicit so that a reader can see exactly who counts as "Europe".
EUROPE: frozenset[str] = frozenset(
    {
        "AL", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB",
        "GR", "HR", "HU", "IE", "IS", "IT", "LT", "LU", "LV", "ME", "MK", "MT", "NL", "NO",
        "PL", "PT", "RO", "SE", "SI", "SK", "UA",
    }
)  # fmt: skip


def bloc_of(country: str) -> str:
    """Return the diversification bloc of an ISO 3166-1 alpha-2 country code."""
    code = country.upper()
    if code == "US":
        return "US"
    if code == "CA":
        return "Canada"
    if code == "KR":
        return "ROK"
    if code in EUROPE:
        return "Europe"
    return "Other"


@cache
def _country_codes() -> frozenset[str]:
    import pycountry  # deferred: only needed when validating files

    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def _currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def is_country(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-2 code (upper case)."""
    return code in _country_codes()


def is_currency(code: str) -> bool:
    """True for an ISO 4217 alphabetic currency code (upper case)."""
    return code in _currency_codes()


def country_name(code: str) -> str:
    """Human name of a country code, or the code itself when unknown."""
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return (
        str(getattr(found, "common_name", None) or getattr(found, "name", code)) if found else code
    )
