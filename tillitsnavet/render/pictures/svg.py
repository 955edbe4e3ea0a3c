"""Small helpers to write SVG and HTML as text, always escaped.

The pictures are built as strings, not through Jinja, so every value from a
record goes through ``esc`` here. Numbers are written with at most one
decimal: enough for a screen, and it keeps the SVG small.
"""

from __future__ import annotations

from markupsafe import escape


def esc(text: object) -> str:
    """Text or attribute value, XML-escaped (also quotes, so it is safe in attributes)."""
    return str(escape(str(text)))


def num(value: float) -> str:
    """A coordinate as short text: 12.0 → '12', 12.345 → '12.3'."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def open_svg(ident: str, width: float, height: float, title: str, desc: str,
             role: str = "group", css_class: str = "") -> str:
    """The opening of an accessible SVG: viewBox, role, <title> and <desc> wired by ids.

    ``role="group"`` for pictures with links (``role="img"`` would hide the
    links from screen readers, because an img has no children for them),
    ``role="img"`` for pictures that are only a picture.
    """
    classes = f"hub-svg {css_class}".strip()
    return (f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" class="{classes}" '
            f'viewBox="0 0 {num(width)} {num(height)}" width="100%" '
            f'preserveAspectRatio="xMidYMin meet" role="{role}" '
            f'aria-labelledby="{ident}-titel" aria-describedby="{ident}-beskrivning">'
            f'<title id="{ident}-titel">{esc(title)}</title>'
            f'<desc id="{ident}-beskrivning">{esc(desc)}</desc>')


def link(url: str, title: str, body: str, css_class: str = "") -> str:
    """An SVG link with its own <title>, which is also its accessible name."""
    cls = f' class="{css_class}"' if css_class else ""
    return f'<a href="{esc(url)}"{cls}><title>{esc(title)}</title>{body}</a>'


def plural(count: int, one: str, many: str) -> str:
    """'1 post', '3 poster'."""
    return f"{count} {one if count == 1 else many}"
