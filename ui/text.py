"""Text from files and the database, made literal for the elements that render markdown.

Streamlit renders GitHub-flavoured markdown, plus emoji shortcodes (``:smile:``), Material
icons (``:material/home:``), coloured text (``:red[x]``) and LaTeX (``$x$``), in
``st.markdown``, ``st.caption``, ``st.success``/``info``/``warning``/``error``, ``st.write``,
headings, metric labels and widget labels. A team name ``![x](http://10.9.9.9/a.png)`` would
make the browser fetch that address, and ``**x**`` would show bold. :func:`plain` makes any text
show as written.
"""

from __future__ import annotations

import re

__all__ = ["ACTIVE", "plain"]

ACTIVE = "\\`*_[]<>#!|~$&:"
"""The characters that can start markdown anywhere in a line; :func:`plain` escapes each.

Brackets start links, images, footnotes and link definitions (so ``(`` and ``)`` need no
escape once ``[`` and ``]`` have one), ``<`` HTML and autolinks, ``&`` entities, ``:``
directives (``:red[x]``), Material icons and ``http:`` autolinks, ``$`` maths, ``|`` tables,
``~`` strike-through, ``*`` and ``_`` emphasis, the backtick code; ``#`` and ``>`` matter at the
start of a line only, and are escaped everywhere all the same. A ``_`` between two letters or
digits (``to_1.csv``) can neither open nor close emphasis, and is left as it is.
"""
# CommonMark lets a backslash escape any ASCII punctuation; the escape is resolved before GFM,
# maths, directives (``:red[x]``) or ``:material/…:`` see the text
_ACTIVE = re.compile("[" + re.escape(ACTIVE.replace("_", "")) + r"]|_(?![^\W_])|(?<![^\W_])_")
# at the start (where ``plain`` text may open a line): a list item, a setext underline
_LEADING = re.compile(r"^( ?)(?:([-+=])|(\d+)([.)]))")
# emoji shortcodes are replaced in the parsed text, after the escapes are resolved: an
# invisible WORD JOINER after the opening colon keeps ``:smile:`` from matching
_SHORTCODE = re.compile(r"\\:(?=(?:\w|\\_|[+-])+\\:)")
_JOINER = "\u2060"
# GFM makes links of ``http://…``, ``www.…`` and ``a@b.c`` in the parsed text too: a word joiner
# before the address (neither a space nor a punctuation mark) or after the ``@`` stops it
_AUTOLINK = re.compile(r"(?i)(?=https?\\:/|www\.)|(?<=@)(?=[-\w])")
# line breaks would start new blocks (an indented code block, a list, a heading)
_BREAKS = re.compile(r"[ \t\r\n\f\v]+")


def plain(text: object) -> str:
    r"""Escape ``text`` so that Streamlit's markdown shows it literally.

    Each character of :data:`ACTIVE` (but ``_`` between letters or digits) is backslash-escaped,
    so no link, image, emphasis, HTML tag, entity, table, maths, coloured text or Material icon
    can start; so is a list marker
    or ``=`` at the start; a run of spaces, tabs and line breaks becomes one space (no new block
    can start); and an invisible word joiner (U+2060) follows the opening colon of what would
    be an emoji shortcode, precedes ``http://``, ``https://`` and ``www.``, and follows ``@``
    (GFM would make links of them once the escapes are resolved).

    Parameters
    ----------
    text : object
        Any value (``str(text)`` is escaped): a file, team, place or commune name, a note, a
        sheet name, a user name, or a whole message that holds them.

    Returns
    -------
    str
        Markdown whose rendered text is ``text`` with its whitespace collapsed (and the
        invisible word joiners above).

    Examples
    --------
    >>> print(plain("![x](http://10.9.9.9/a.png)").replace("\u2060", "|"))
    \!\[x\](|http\://10.9.9.9/a.png)
    >>> print(plain("**đậm** <img src=x> &amp;"))
    \*\*đậm\*\* \<img src=x\> \&amp;
    >>> print(plain(":red[đỏ] $x$"))
    \:red\[đỏ\] \$x\$
    >>> plain(":smile:") == "\\:\u2060smile\\:"
    True
    >>> print(plain("www.x.vn a@b.vn").replace("\u2060", "|"))
    |www.x.vn a@|b.vn
    >>> print(plain("1. Tổ 1\n    - xã"))
    1\. Tổ 1 - xã
    >>> plain("Tổ 1 (DEMO), 6.000 người, tổ_1.csv")
    'Tổ 1 (DEMO), 6.000 người, tổ_1.csv'
    """
    escaped = _ACTIVE.sub(lambda m: "\\" + m.group(0), _BREAKS.sub(" ", str(text)))
    escaped = _LEADING.sub(lambda m: "".join(_leading(m)), escaped)
    escaped = _SHORTCODE.sub(lambda m: m.group(0) + _JOINER, escaped)
    return _AUTOLINK.sub(_JOINER, escaped)


def _leading(match: re.Match[str]) -> tuple[str, ...]:
    space, mark, digits, dot = match.groups()
    if mark is not None:
        return (space, "\\", mark)
    return (space, digits, "\\", dot)
