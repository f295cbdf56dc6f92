"""Generate pipeline/fields/gazetteer/countries.tsv from CLDR Arabic territory names (babel) plus reviewed extras."""

from __future__ import annotations

import sys
from pathlib import Path

import babel

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "fields" / "gazetteer" / "countries.tsv"

# CLDR codes that are not countries or territories a news reader would look up.
SKIP = {
    "AC",
    "CP",
    "CQ",
    "DG",
    "EA",
    "EU",
    "EZ",
    "IC",
    "QO",
    "TA",
    "UN",
    "XA",
    "XB",
    "ZZ",
    "BV",
    "HM",
    "UM",
    "TF",
    "GS",
    "IO",
    "AX",
    "BQ",
    "SJ",
    "PM",
    "PN",
    "TK",
    "NU",
    "NF",
    "CC",
    "CX",
    "WF",
    "BL",
    "MF",
    "SX",
}

# Wikidata ids the maintainers are sure of; the rest get an own id "nf:country-<code>".
QIDS = {
    "US": "Q30",
    "GB": "Q145",
    "FR": "Q142",
    "DE": "Q183",
    "RU": "Q159",
    "CN": "Q148",
    "JP": "Q17",
    "IN": "Q668",
    "IR": "Q794",
    "IQ": "Q796",
    "SY": "Q858",
    "YE": "Q805",
    "OM": "Q842",
    "SA": "Q851",
    "AE": "Q878",
    "QA": "Q846",
    "KW": "Q817",
    "BH": "Q398",
    "JO": "Q810",
    "LB": "Q822",
    "IL": "Q801",
    "PS": "Q219060",
    "EG": "Q79",
    "LY": "Q1030",
    "TN": "Q948",
    "DZ": "Q262",
    "MA": "Q1028",
    "SD": "Q1049",
    "SO": "Q1045",
    "DJ": "Q977",
    "KM": "Q970",
    "MR": "Q1025",
    "TR": "Q43",
    "AF": "Q889",
    "PK": "Q843",
    "IT": "Q38",
    "ES": "Q29",
    "UA": "Q212",
    "CA": "Q16",
    "AU": "Q408",
    "BR": "Q155",
    "MX": "Q96",
    "KR": "Q884",
    "KP": "Q423",
    "ID": "Q252",
    "MY": "Q833",
    "NG": "Q1033",
    "ET": "Q115",
    "KE": "Q114",
    "ZA": "Q258",
    "PL": "Q36",
    "NL": "Q55",
    "BE": "Q31",
    "CH": "Q39",
    "AT": "Q40",
    "GR": "Q41",
    "CY": "Q229",
    "SE": "Q34",
    "NO": "Q20",
    "DK": "Q35",
    "FI": "Q33",
    "IE": "Q27",
    "PT": "Q45",
    "HU": "Q28",
    "RO": "Q218",
    "BG": "Q219",
    "RS": "Q403",
    "HR": "Q224",
    "CZ": "Q213",
    "SK": "Q214",
    "GE": "Q230",
    "AM": "Q399",
    "AZ": "Q227",
    "KZ": "Q232",
    "UZ": "Q265",
    "BD": "Q902",
    "LK": "Q854",
    "AR": "Q414",
    "CL": "Q298",
    "CO": "Q739",
    "VE": "Q717",
    "CU": "Q241",
    "ER": "Q986",
    "SS": "Q958",
    "TD": "Q657",
    "NE": "Q1032",
    "ML": "Q912",
    "SN": "Q1041",
    "BY": "Q184",
    "VA": "Q237",
    "TW": "Q865",
    "NZ": "Q664",
    "TH": "Q869",
    "VN": "Q881",
    "PH": "Q928",
    "SG": "Q334",
    "AL": "Q222",
    "XK": "Q1246",
}

# Reviewed canonical names (CLDR's is kept as an alias) and extra aliases seen in Arabic news.
CANONICAL = {
    "AE": "الإمارات",
    "SA": "السعودية",
    "PS": "فلسطين",
    "CD": "جمهورية الكونغو الديمقراطية",
    "CG": "جمهورية الكونغو",
    "HK": "هونغ كونغ",
    "MO": "ماكاو",
    "MM": "ميانمار",
    "TL": "تيمور الشرقية",
    "GB": "بريطانيا",
    "CZ": "التشيك",
    "MK": "مقدونيا الشمالية",
    "KM": "جزر القمر",
}
EXTRA = {
    "US": ["الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية", "أمريكا", "أميركا"],
    "SY": ["سورية", "الجمهورية العربية السورية"],
    "OM": ["سلطنة عمان", "سلطنة عُمان"],
    "SA": ["المملكة العربية السعودية", "السعودية", "المملكة السعودية"],
    "AE": ["الإمارات العربية المتحدة", "دولة الإمارات"],
    "PS": ["دولة فلسطين", "الأراضي الفلسطينية"],
    "GB": ["المملكة المتحدة", "بريطانيا العظمى"],
    "EG": ["جمهورية مصر العربية"],
    "JO": ["المملكة الأردنية الهاشمية", "المملكة الأردنية"],
    "MA": ["المملكة المغربية"],
    "DZ": ["الجمهورية الجزائرية"],
    "IR": ["الجمهورية الإسلامية الإيرانية", "الجمهورية الإسلامية"],
    "IL": ["دولة إسرائيل"],
    "TR": ["تركية"],
    "RU": ["روسيا الاتحادية", "روسية"],
    "DE": ["المانيا"],
    "NL": ["هولاندا"],
    "DK": ["الدنمارك", "الدنمرك"],
    "HU": ["المجر"],
    "BY": ["روسيا البيضاء", "بيلاروسيا"],
    "CI": ["كوت ديفوار"],
    "CD": ["الكونغو الديمقراطية"],
    "MM": ["بورما"],
    "LY": ["ليبية"],
    "TN": ["الجمهورية التونسية"],
    "LB": ["الجمهورية اللبنانية"],
    "IQ": ["جمهورية العراق"],
    "YE": ["الجمهورية اليمنية"],
    "KP": ["كوريا الديمقراطية"],
    "VA": ["دولة الفاتيكان"],
    "CN": ["جمهورية الصين الشعبية"],
    "UA": ["أوكرانية"],
    "MR": ["الجمهورية الإسلامية الموريتانية"],
    "ML": ["جمهورية مالي"],
    "ER": ["إرتريا", "أريتريا"],
    "KM": ["جمهورية القمر المتحدة", "القمر المتحدة"],
    "SD": ["جمهورية السودان"],
    "SO": ["جمهورية الصومال الفيدرالية", "جمهورية الصومال"],
    "DJ": ["جمهورية جيبوتي"],
    "NE": ["جمهورية النيجر"],
    "KW": ["دولة الكويت"],
    "BH": ["مملكة البحرين"],
    "QA": ["دولة قطر"],
    "PK": ["الباكستان"],
    "TD": ["التشاد"],
}
# Country names that are also common words: matched only in context (see docs/gazetteer.md).
CONTEXT_ONLY = {
    "ML": "مالي",
    "BJ": "بنين",
    "TG": "توغو",
    "TO": "تونغا",
    "ME": "الجبل الأسود",
    "JE": "جيرسي",
    "GE": "جورجيا",
    "CV": "الرأس الأخضر",
    "PE": "بيرو",
    "NR": "ناورو",
}


def main() -> int:
    """Write countries.tsv; returns an exit code."""
    rows = ["# id\ttype\tcanonical\taliases\tcountry\tsubtype"]
    for code, name in sorted(babel.Locale("ar").territories.items()):
        if not code.isalpha() or code in SKIP:
            continue
        canonical = CANONICAL.get(code, name.split(" (")[0])
        aliases: list[str] = []
        for alias in [name, *EXTRA.get(code, [])]:
            if "(" in alias:
                continue
            if code in CONTEXT_ONLY and alias == CONTEXT_ONLY[code]:
                alias = "?" + alias
            if alias not in (canonical, *aliases):
                aliases.append(alias)
        if code in CONTEXT_ONLY and canonical == CONTEXT_ONLY[code] and "?" + canonical not in aliases:
            aliases.insert(0, "?" + canonical)
        ident = QIDS.get(code, f"nf:country-{code.lower()}")
        rows.append(f"{ident}\tplace\t{canonical}\t{'|'.join(aliases)}\t{code}\tcountry")
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sys.stderr.write(f"wrote {len(rows) - 1} rows to {OUT}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
