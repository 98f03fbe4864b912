"""Pure rendering of the core's replies for Telegram: parse_mode HTML, within the size limit.

The core's text is plain. Every piece of it is escaped here, sources become links, options
become an inline keyboard, and a long answer is split at paragraph boundaries (then lines,
then words) so that no message exceeds Telegram's 4096 characters.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode

from bot.core.domain import Option, Reply

MAX_MESSAGE = 4096  # Telegram's limit, in UTF-16 code units
MAX_CALLBACK_DATA = 64  # bytes
MAX_INLINE_DESCRIPTION = 120  # characters of the answer shown under an inline result's title
PARAGRAPH = "\n\n"
SOURCES_MARK = "🔗 "

MAX_TITLE = 256
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # source links would otherwise unfurl

Rendered = tuple[str, InlineKeyboardMarkup | None]


def utf16_len(text: str) -> int:
    """Length as Telegram measures it: in UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """Plain text as an HTML text node: `<`, `>` and `&` escaped."""
    return html.escape(text, quote=False)


def render(reply: Reply, limit: int = MAX_MESSAGE) -> list[Rendered]:
    """The messages that show `reply`: HTML texts within `limit`, the keyboard on the last one.

    Returns nothing when there is nothing to show (an empty text with no sources).
    """
    blocks = [block for p in reply.text.split(PARAGRAPH) for block in _fit(p.strip(), limit)]
    links = source_links(reply.sources)
    if links:
        blocks.extend(_fit_links(links, limit))
    chunks = _pack(blocks, limit)
    if not chunks:
        return []
    rendered: list[Rendered] = [(chunk, None) for chunk in chunks]
    rendered[-1] = (chunks[-1], keyboard(reply.options))
    return rendered


def keyboard(options: tuple[Option, ...]) -> InlineKeyboardMarkup | None:
    """One button per option, its callback data the fact id; None without options.

    An option whose id would not fit Telegram's 64-byte callback data is left out: the
    core's fact ids are short, so this only guards the wire.
    """
    rows = [
        [InlineKeyboardButton(option.label.strip() or option.fact_id, callback_data=option.fact_id)]
        for option in options
        if 1 <= len(option.fact_id.encode()) <= MAX_CALLBACK_DATA
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def source_links(sources: tuple[str, ...]) -> list[str]:
    """Each http(s) source as `<a href="url">host</a>`; anything else is dropped."""
    links = []
    for url in sources:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            continue
        host = parts.hostname.removeprefix("www.")
        links.append(f'<a href="{html.escape(url.strip(), quote=True)}">{escape(host)}</a>')
    return links


def inline_articles(query: str, replies: tuple[Reply, ...]) -> list[InlineQueryResultArticle]:
    """Inline results: each answer's question as the title, the answer as what gets posted.

    An answer too long for one message is posted as its first part; duplicates are dropped.
    """
    articles: list[InlineQueryResultArticle] = []
    seen: set[str] = set()
    for index, reply in enumerate(replies):
        pages = render(reply)
        result_id = (reply.fact_id or str(index))[:MAX_CALLBACK_DATA]
        if not pages or result_id in seen:
            continue
        seen.add(result_id)
        articles.append(
            InlineQueryResultArticle(
                id=result_id,
                title=(reply.title or query or reply.text)[:MAX_TITLE],
                input_message_content=InputTextMessageContent(
                    pages[0][0], parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                ),
                description=inline_description(reply),
            )
        )
    return articles


def inline_description(reply: Reply) -> str:
    """The line under an inline result's title: the start of the answer, plain text."""
    text = " ".join(reply.text.split())
    if len(text) <= MAX_INLINE_DESCRIPTION:
        return text
    return text[: MAX_INLINE_DESCRIPTION - 1].rstrip() + "…"


def _fit(plain: str, limit: int) -> list[str]:
    """`plain` escaped, cut into pieces each within `limit`: at lines, then words, then anywhere."""
    if not plain:
        return []
    escaped = escape(plain)
    if utf16_len(escaped) <= limit:
        return [escaped]
    for sep in ("\n", " "):
        if sep in plain:
            parts = [piece for part in plain.split(sep) for piece in _fit(part, limit)]
            return _pack(parts, limit, sep)
    # One unbroken run of text: cut it into runs whose escaped form fits.
    pieces: list[str] = []
    current, size = "", 0
    for ch in plain:
        cost = utf16_len(escape(ch))
        if size + cost > limit:
            pieces.append(escape(current))
            current, size = "", 0
        current += ch
        size += cost
    pieces.append(escape(current))
    return pieces


def _fit_links(links: list[str], limit: int) -> list[str]:
    """The sources line, "🔗 a · b"; on several lines if it would not fit one message.

    A link too long for a message of its own (a URL of thousands of characters) is left out.
    """
    room = limit - utf16_len(SOURCES_MARK)
    fitting = [link for link in links if utf16_len(link) <= room]
    return [SOURCES_MARK + line for line in _pack(fitting, room, " · ")]


def _pack(blocks: list[str], limit: int, sep: str = PARAGRAPH) -> list[str]:
    """Greedily joins `blocks` with `sep` into as few chunks as fit in `limit`."""
    chunks: list[str] = []
    current = ""
    for block in blocks:
        if not block:
            continue
        candidate = f"{current}{sep}{block}" if current else block
        if utf16_len(candidate) <= limit:
            current = candidate
        else:
            if current:
                chunks.append(current)
            current = block
    if current:
        chunks.append(current)
    return chunks
