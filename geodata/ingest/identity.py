"""What makes two fetched pages one article: the canonical URL, the content hash, the id.

A page reached through a feed (``?utm_source=rss``), through a link with a ``#comments``
fragment or through its canonical address is one article: every URL is reduced to one form
before it is looked up, and the text is hashed after its white space is made uniform, so the
same report under two addresses is still caught.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from geodata.corpus.articles import slugify

# query parameters that say where a click came from, never what the page is
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "ref", "ref_src", "ref_url", "amp", "cmpid", "ito", "s_cid",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "at_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SITE_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
HASH_LENGTH = 10  # hex digits of the content hash in an article id


def canonical_url(url: str) -> str:
    """One spelling of ``url``: lower-case scheme and host, no default port, no fragment, no
    tracking parameters, no trailing ``?``, percent-escapes in one form; ValueError for
    anything that is not an absolute http(s) URL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url[:120]!r}")
    host = parts.hostname.rstrip(".").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _uniform_escapes(parts.path or "/", safe="/:@!$&'()*+,;=-._~%")
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(key)])
    return urlunsplit((scheme, netloc, path, query, ""))


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _uniform_escapes(text: str, *, safe: str) -> str:
    """Percent-escapes in one form: ``%d8%a3`` and ``أ`` in a path are the same address."""
    return quote(unquote(text), safe=safe.replace("%", ""))


def site_of(url: str) -> str:
    """The host of ``url`` without ``www.``, ``m.`` and the like: the site a page belongs to."""
    host = (urlsplit(url).hostname or "").lower()
    for prefix in _SITE_PREFIXES:
        if host.startswith(prefix):
            return host[len(prefix):]
    return host


def same_site(first: str, second: str) -> bool:
    """True when the two URLs are on one site (equal hosts, or one a subdomain of the other)."""
    one, two = site_of(first), site_of(second)
    return bool(one) and (one == two or one.endswith("." + two) or two.endswith("." + one))


def normalized_text(text: str) -> str:
    """The text as it is hashed: NFC, one space for every run of white space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: equal for the same report however it was spaced."""
    return hashlib.sha256(normalized_text(text).encode("utf-8")).hexdigest()


def article_id(outlet_slug: str, published: dt.date | None, digest: str) -> str:
    """``<outlet>-<YYYY-MM-DD>-<first 10 hex digits of the content hash>``: a slug."""
    day = published.isoformat() if published else "undated"
    return f"{slugify(outlet_slug) or 'article'}-{day}-{digest[:HASH_LENGTH]}"


def _is_arabic(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _ARABIC_BLOCKS)


def arabic_share(text: str) -> float:
    """The share of the letters of ``text`` that are Arabic letters (0.0 when there are none)."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if _is_arabic(char)) / len(letters)


def one_line(text: str | None, limit: int = 300) -> str:
    """A title or reason on one line: control characters and runs of space collapsed."""
    if not text:
        return ""
    printable = "".join(char if char.isprintable() else " " for char in text)
    return re.sub(r"\s+", " ", printable).strip()[:limit]
