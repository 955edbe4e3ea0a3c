"""Helpers to write SVG and HTML as text: every value through ``esc``, numbers to one decimal."""

from __future__ import annotations

from markupsafe import escape


def esc(text: object) -> str:
    return str(escape(str(text)))


def num(value: float) -> str:
    """A coordinate as short text: 12.0 → '12', 12.345 → '12.3'."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def open_svg(ident: str, width: float, height: float, title: str, desc: str,
             role: str = "group", css_class: str = "") -> str:
    """An accessible SVG's opening; ``role="group"`` where it has links, which an img would hide."""
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
    return f"{count} {one if count == 1 else many}"
