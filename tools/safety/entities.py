"""Find the things a stranger plants to sell something: links and domains (any TLD, via
urlextract's bundled IANA list, never downloaded), @handles, hashtags, promo codes, prices,
percentages and dates. Each comes with its span (to cut it) and a key (to compare it with
what the brief and kit allow)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from urlextract import URLExtract

Kind = Literal["link", "handle", "hashtag", "code", "price", "percent", "date"]


@dataclass(frozen=True)
class Entity:
    kind: Kind
    text: str
    start: int
    end: int
    key: str
    """Comparable form: a link without scheme/www, a price's amount, a code in capitals, ..."""


@functools.cache
def _extractor() -> URLExtract:
    # URLExtract reads the TLD list shipped in its wheel; only `.update()` would download,
    # and nothing here calls it (tests/test_safety_entities.py checks this with the network off).
    return URLExtract(extract_email=False, cache_dns=False)


_HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
_HASHTAG = re.compile(r"(?<![\w#&/])#[^\W\d_][\w]{1,49}")
_CODE_WORD = (
    r"(?:promo\s*code|promo|coupon(?:\s*code)?|discount\s*code|voucher(?:\s*code)?|code|codigo|código|cupon|cupón|"
    r"c[oó]digo\s+(?:de\s+)?descuento|gutschein(?:code)?|rabatt(?:code)?|code\s+promo|code\s+de\s+r[ée]duction|"
    r"cupom|c[oó]digo\s+promocional|codice(?:\s+sconto)?|coupon\s+sconto)"
)
# "use code SAVE20", "código: VERANO", "Gutscheincode »HERBST15«": the keyword anchors the token.
_CODE = re.compile(
    rf"(?:\b(?:use|usa|usad|use[sz]?|utilise[zr]?|nutze|verwende|mit|with|con|avec|com|apply|enter)\s+(?:the\s+|el\s+|le\s+|o\s+|il\s+|den\s+)?)?"
    rf"\b{_CODE_WORD}\s*[:=\-–]?\s*[\"'“”«»‘’]?(?P<token>[A-Za-z0-9][A-Za-z0-9_-]{{2,24}})[\"'“”«»‘’]?",
    re.IGNORECASE,
)
# A bare capitals-and-digits token such as SAVE20 or GLOW15 is a code even without the keyword.
_BARE_CODE = re.compile(r"\b(?=[A-Z0-9]*[A-Z]{3})(?=[A-Z0-9]*\d{2})[A-Z][A-Z0-9]{3,19}\b")
_CURRENCY = r"(?:[$€£¥₹₩]|US\$|R\$|USD|EUR|GBP|MXN|BRL|CHF|euros?|dollars?|d[oó]lares|pesos|reais|bucks)"
_AMOUNT = r"\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_PRICE = re.compile(rf"(?:{_CURRENCY}\s?(?P<a>{_AMOUNT}))|(?:(?P<b>{_AMOUNT})\s?{_CURRENCY})(?!\w)", re.IGNORECASE)
_PERCENT = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s?(?:%|per\s?cent\b|percent\b|por\s?ciento\b|prozent\b|pour\s?cent\b|por\s?cento\b|per\s?cento\b)",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    "januar|februar|märz|maerz|juni|juli|oktober|dezember|"
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
    "janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
)
_DATE = re.compile(
    rf"\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b"
    rf"|\b\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?\b(?![.,]\d)"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th|er|º|°)?\.?\s+(?:de\s+|of\s+)?(?:{_MONTHS})\b(?:\s+(?:de\s+)?\d{{4}})?"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?",
    re.IGNORECASE,
)


def _link_key(url: str) -> str:
    key = url.lower().rstrip(".,!?;:)/")
    key = re.sub(r"^[a-z][a-z0-9+.-]*://", "", key)
    return key.removeprefix("www.")


def _plausible_link(text: str, url: str, start: int) -> bool:
    """Drop urlextract's sentence-gap false positives: "perfect.Love it", "I'm.so happy"."""
    if re.match(r"(?i)[a-z][a-z0-9+.-]*://|www\.", url) or "/" in url:
        return True
    host = url.split(":")[0]
    labels = host.split(".")
    tld_in_text = labels[-1]
    if tld_in_text[:1].isupper() and tld_in_text[1:].islower() and len(tld_in_text) > 2:
        return False  # a new sentence that starts right after a full stop
    if start > 0 and text[start - 1] in "'’":
        return False
    return len(labels[-2]) >= 2 or len(labels) > 2


# urlextract gives up on "shop.store!" or "(shop.store)": blank such marks first, keeping
# every index, so spans still point into the original text.
_BLANK = re.compile(r"[!¡¿«»“”‘’\"'()<>\[\]{}|,;…]|[?.:](?=\s|$)")


# A cheap first pass: urlextract costs ~5 ms on a long comment, and most comments hold no
# "word.tld" at all. Only text with a candidate whose last label is a real TLD goes to it.
_CANDIDATE = re.compile(r"[A-Za-z0-9-]\.([A-Za-z]{2,24}|xn--[a-z0-9-]+)(?![A-Za-z])")


@functools.cache
def _tlds() -> frozenset[str]:
    return frozenset(tld.lower().lstrip(".") for tld in _extractor()._load_cached_tlds())  # the bundled IANA list


# A scheme or "www." makes a link whatever the TLD (reserved ones such as .example, .test,
# .onion are not in the IANA list).
_EXPLICIT_LINK = re.compile(r"\b(?:[a-z][a-z0-9+.-]{1,9}://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)


def links(text: str) -> list[Entity]:
    explicit = []
    for match in _EXPLICIT_LINK.finditer(text):
        url = match.group(0).rstrip(".,!?;:")
        explicit.append(Entity("link", url, match.start(), match.start() + len(url), _link_key(url)))
    tlds = _tlds()
    if not any(match.group(1).lower() in tlds for match in _CANDIDATE.finditer(text)):
        return explicit
    found = list(explicit)
    spaced = _BLANK.sub(" ", text)
    for url, (start, end) in _extractor().find_urls(spaced, only_unique=False, get_indices=True, check_dns=False):
        url = url.rstrip(".,!?;:")
        end = start + len(url)
        if _plausible_link(text, url, start) and not any(e.start <= start < e.end for e in explicit):
            found.append(Entity("link", url, start, end, _link_key(url)))
    return sorted(found, key=lambda entity: entity.start)


def _amount_key(raw: str) -> str:
    digits = re.sub(r"[^\d.,]", "", raw)
    if re.search(r"[.,]\d{1,2}$", digits):
        whole, fraction = re.split(r"[.,](?=\d{1,2}$)", digits)
        return f"{int(re.sub(r'[^0-9]', '', whole) or 0)}.{fraction.ljust(2, '0')}"
    return f"{int(re.sub(r'[^0-9]', '', digits) or 0)}.00"


def find_entities(text: str) -> list[Entity]:
    """Every entity in `text`, in order; overlapping finds keep the earlier, longer one."""
    found: list[Entity] = links(text)
    found += [Entity("handle", m.group(0), m.start(), m.end(), m.group(0).lower()) for m in _HANDLE.finditer(text)]
    found += [Entity("hashtag", m.group(0), m.start(), m.end(), m.group(0).lower()) for m in _HASHTAG.finditer(text)]
    for match in _CODE.finditer(text):
        token = match.group("token")
        # A code has a digit or is written in capitals; "code is clean" or "con el código de siempre" are words.
        if any(char.isdigit() for char in token) or (token.isupper() and len(token) >= 4):
            found.append(Entity("code", match.group(0), match.start(), match.end(), token.upper()))
    found += [Entity("code", m.group(0), m.start(), m.end(), m.group(0)) for m in _BARE_CODE.finditer(text)]
    for match in _PRICE.finditer(text):
        found.append(Entity("price", match.group(0), match.start(), match.end(), _amount_key(match.group("a") or match.group("b"))))
    for match in _PERCENT.finditer(text):
        found.append(Entity("percent", match.group(0), match.start(), match.end(), match.group("n").replace(",", ".") + "%"))
    found += [Entity("date", m.group(0), m.start(), m.end(), re.sub(r"\s+", " ", m.group(0).lower())) for m in _DATE.finditer(text)]
    found.sort(key=lambda entity: (entity.start, -(entity.end - entity.start)))
    kept: list[Entity] = []
    for entity in found:
        if kept and entity.start < kept[-1].end:
            continue
        kept.append(entity)
    return kept
