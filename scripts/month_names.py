"""Write the month-name table the date parser reads (pipeline/extract/html/month_names.json) from CLDR via babel.

Run after changing LOCALES: ``.venv/bin/python scripts/month_names.py``. The table maps a lower-cased
month name (wide and abbreviated, format and stand-alone forms) to its month number; names that mean
different months in different languages, and names shorter than three letters, are left out.
tests/unit/test_dates.py checks that the shipped table equals what this script writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "pipeline" / "extract" / "html" / "month_names.json"
# Languages of news pages beyond Arabic (whose names, with the Levantine and Maghrebi systems and the
# Hijri months, live in the parser itself).
LOCALES = [
    "en",
    "de",
    "fr",
    "es",
    "pt",
    "it",
    "nl",
    "sv",
    "da",
    "nb",
    "nn",
    "fi",
    "pl",
    "cs",
    "sk",
    "sl",
    "hu",
    "ro",
    "tr",
    "ru",
    "uk",
    "bg",
    "el",
    "id",
    "ms",
    "ca",
    "et",
    "lv",
    "lt",
    "he",
    "fa",
    "is",
    "sq",
    "sr_Latn",
    "bs",
    # more languages of news pages (Croatian is left out: its lipanj/listopad/srpanj are other months
    # in Polish and Czech, and a name meaning two months is dropped)
    "sr",
    "mk",
    "be",
    "ka",
    "hy",
    "az",
    "kk",
    "uz",
    "gl",
    "eu",
    "af",
    "cy",
    "ga",
    "mt",
    "fil",
    "sw",
    "ur",
    "ky",
    "hi",
    "mr",
    "ne",
    "bn",
    "gu",
    "pa",
    "ta",
    "te",
    "kn",
    "ml",
]
_PREFIXES = ("de ", "d’", "d'")


def month_table() -> dict[str, int]:
    from babel import Locale

    seen: dict[str, set[int]] = {}
    for code in LOCALES:
        locale = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    key = name.lower().strip(". ")
                    for prefix in _PREFIXES:
                        key = key.removeprefix(prefix)
                    if len(key) >= 3 and not any(c.isdigit() for c in key):
                        seen.setdefault(key, set()).add(int(number))
    return {name: next(iter(numbers)) for name, numbers in sorted(seen.items()) if len(numbers) == 1}


def main() -> int:
    table = month_table()
    TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(table)} month names written to {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
