"""Bytes -> text: byte-order marks, UTF-8, UTF-16 without BOM, legacy code
pages (cp1251, cp1252, Latin-1) via charset-normalizer; binary refused.

Newlines are normalised to ``\\n`` (as Python's universal newlines do), NUL
bytes dropped and lone surrogates replaced, so that every later offset is an
offset into one clean string.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never occur in text files (tab, newlines, form feed and
# escape are allowed).
_CONTROL = set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x1B)) | set(range(0x1C, 0x20)) | {0x7F}
_SAMPLE = 65536
BINARY_SHARE = 0.05
_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte."""
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """A high share of control bytes: an executable, an image, random bytes."""
    sample = data[:_SAMPLE]
    if not sample:
        return False
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls / len(sample) > BINARY_SHARE


def clean(text: str) -> str:
    """Normalise newlines, drop NULs, replace lone surrogates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _SURROGATE.sub("\ufffd", text)


def _unprintable_share(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch not in "\t\n\f\x1b" and unicodedata.category(ch) in ("Cc", "Co", "Cn")
              or ch == "\ufffd")
    return bad / len(sample)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes; returns ``(text, encoding)``.

    Raises ReadError("binary content, not text") for bytes that are not text.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return clean(data[len(bom):].decode(name)), name
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {name} text after its byte-order mark: {exc.reason}") from exc
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return clean(data.decode(utf16, errors="surrogatepass")), utf16
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise ReadError("binary content, not text")
    try:
        return clean(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return clean(mostly), "utf-8"
    return _guess_legacy(data)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with encoded lone surrogates or a few stray bytes: keep UTF-8
    (a code-page guess would garble every other non-ASCII character)."""
    text = data.decode("utf-8", errors="surrogatepass") if _decodes(data, "surrogatepass") else None
    if text is not None:
        return text
    text = data.decode("utf-8", errors="replace")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    bad = text.count("\ufffd")
    if multibyte >= 2 * bad and bad <= max(1, len(text) // 1000):
        return text
    return None


def _decodes(data: bytes, errors: str) -> bool:
    try:
        data.decode("utf-8", errors=errors)
    except UnicodeDecodeError:
        return False
    return True


# When charset-normalizer scores several code pages equally (è in cp1252 is
# č in cp1250: both "look fine"), take the most widely used one.
PREFERENCE = ("utf_8", "cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1250", "iso8859_2")


def _prefer_common(results: list):
    if not results:
        return None
    top = results[0]
    tied = [r for r in results if abs(r.chaos - top.chaos) < 0.01 and abs(r.coherence - top.coherence) < 0.01]
    for name in PREFERENCE:
        for r in tied:
            if r.encoding == name:
                return r
    return top


def _guess_legacy(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    best = _prefer_common(results)
    if best is None:
        raise ReadError("binary content, not text (no text encoding fits)")
    text = clean(str(best))
    if _unprintable_share(text) > BINARY_SHARE:
        raise ReadError("binary content, not text")
    return text, best.encoding
