"""Source bytes -> text: find the encoding, repair mojibake, normalise Unicode."""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

import charset_normalizer
import ftfy

from tts_articles.errors import SourceError

logger = logging.getLogger(__name__)

_BOMS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word or EPUB file)"),
    (b"ID3", "an MP3 file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF (WAV or WebP) file"),
    (b"OggS", "an Ogg file"),
    (b"\x7fELF", "a program"),
)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)|<\?xml[^>]+encoding=["']([\w.:-]+)""", re.IGNORECASE)
_DECLARATION_BYTES = 4096
"""Browsers look for <meta charset> in the first 1024 bytes; we allow for long heads."""
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}
"""The HTML standard reads these labels as windows-1252, and so do real pages."""
_UTF16_NUL_SHARE = 0.3
"""In UTF-16 text without a mark, this share of even (or odd) bytes being NUL means ASCII-range text."""
_CHAOS_MARGIN = 0.05
"""Guesses this close to the least chaotic one are ranked by coherence instead (see _guess_and_decode)."""
_MAX_CONTROL_SHARE = 0.01
_COHERENCE_MARGIN = 0.1
"""cp1252 wins when its language coherence is within this of the detector's best guess."""
_MAX_ACCENTED_SHARE = 0.25
"""Accented letters in French, Spanish or German prose are under a tenth of all letters."""
_WESTERN_CHARACTERS = frozenset(
    "áàâäãåæçéèêëíìîïñóòôöõøœúùûüÿßÁÀÂÄÃÅÆÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØŒÚÙÛÜŸšžŠŽ"
    "\u00a0’‘“”„–—…€•«»°£¥§©®·¿¡™ªº±×÷½¼¾"
)
"""More control characters than this in decoded text means the file was not text."""
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200d\u2060\ufeff]")
"""Soft hyphen, zero-width spaces and joiners, word joiner, zero-width no-break space."""
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # HTML is parsed later, and entities in plain text are the author's
    uncurl_quotes=False,  # keep the text as written; quotes do not change what is spoken
    fix_character_width=False,  # full-width forms are correct in CJK text
    explain=False,
)


def decode_text(data: bytes, origin: str, media_type: str, charset: str | None = None) -> str:
    """Decode an input's bytes to clean text with "\\n" line ends.

    Args:
        charset: the encoding a web server declared, if any.
    Raises:
        SourceError: the bytes are a binary file or text in no encoding we can tell.
    """
    _check_not_binary(data, origin)
    encoding = _choose_encoding(data, media_type, charset)
    try:
        text = data.decode(encoding) if encoding else _guess_and_decode(data, origin)
    except UnicodeDecodeError as err:
        raise SourceError(f"{origin} is not valid {encoding} text; convert it to UTF-8") from err
    _check_mostly_printable(text, origin)
    return tidy_text(ftfy.fix_text(text, _FTFY_CONFIG))


def tidy_text(text: str) -> str:
    """NFC-normalise, drop invisible characters and make every line end "\\n"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


def _check_not_binary(data: bytes, origin: str) -> None:
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise SourceError(f"{origin} is {kind}, not an article; give a text, HTML or JSON file")


def _choose_encoding(data: bytes, media_type: str, charset: str | None) -> str | None:
    """BOM, then UTF-8, then what the server or page declares; None means guess."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding + ("-sig" if encoding == "utf-8" else "")
    utf16 = _sniff_utf16(data)
    if utf16:
        return utf16
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
        # Valid UTF-8 with any non-ASCII byte is almost never another encoding, and pages
        # that declare latin-1 while serving UTF-8 are common, so UTF-8 wins over a declaration.
        return "utf-8"
    except UnicodeDecodeError:
        pass
    for declared in (charset, _declared_charset(data) if media_type == "text/html" else None):
        known = _known_encoding(declared)
        if known and _decodes(data, known):
            return known
    return None


def _sniff_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > _UTF16_NUL_SHARE and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > _UTF16_NUL_SHARE and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:_DECLARATION_BYTES])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", "replace")


def _known_encoding(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        logger.warning("ignoring unknown character set %r", label)
        return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _guess_and_decode(data: bytes, origin: str) -> str:
    """charset-normalizer's guess, re-ranked by language coherence among near-equal candidates.

    Its first choice is the least "chaotic" decoding, and for a short Western European text
    several single-byte code pages are nearly as clean (latin-1 French came out as cp1257);
    coherence, how much the letters look like a real language, tells them apart.
    """
    matches = list(charset_normalizer.from_bytes(data))
    least_chaos = min((match.chaos for match in matches), default=0.0)
    close = [match for match in matches if match.chaos <= least_chaos + _CHAOS_MARGIN]
    best = max(close, key=lambda match: match.coherence, default=None)
    if best is None:
        raise SourceError(f"{origin} looks like a binary file, not text; give a text, HTML or JSON file")
    western = _western_reading(data, least_chaos, best.coherence)
    if western is not None:
        logger.info("%s: read as Western European text (cp1252)", origin)
        return western
    logger.info("%s: guessed character set %s", origin, best.encoding)
    return str(best)


def _western_reading(data: bytes, least_chaos: float, best_coherence: float) -> str | None:
    """cp1252's reading of `data`, when it is as clean as the best guess and reads as Western text.

    In a short text several single-byte code pages are equally clean, and the detector's pick
    among them is close to arbitrary ("Café" came out as "Cafķ", "Muñoz" as "Muńoz"). cp1252
    (with latin-1, its subset) is by far the most common of them for news, so it wins a near
    tie, but only where its letters look like a Western European language: few accented
    letters, all from those languages' alphabets (a Cyrillic or Greek code page read as
    cp1252 is nearly all accented letters).
    """
    candidate = charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]).best()
    if candidate is None or candidate.chaos > least_chaos + _CHAOS_MARGIN:
        return None
    if candidate.coherence < best_coherence - _COHERENCE_MARGIN:
        return None
    text = str(candidate)
    letters = sum(char.isalpha() for char in text)
    accented = sum(char.isalpha() and not char.isascii() for char in text)
    if accented > _MAX_ACCENTED_SHARE * letters:
        return None
    if any(not char.isascii() and char not in _WESTERN_CHARACTERS for char in text):
        return None
    return text


def _check_mostly_printable(text: str, origin: str) -> None:
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f")
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        raise SourceError(f"{origin} looks like a binary file, not text; give a text, HTML or JSON file")
