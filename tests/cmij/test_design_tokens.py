"""The design tokens in static/css/cmij.css (#25): every text token on every background it is used on
meets WCAG AA (4.5:1 for text, 3:1 for the focus ring), in the light scheme and in the dark one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "cmij.css").read_text(encoding="utf-8")

# Which text token is read on which background token (the CSS's own uses).
TEXT_ON = {
    ("ink", "paper"), ("ink", "surface"), ("ink", "wash"),
    ("muted", "paper"), ("muted", "surface"), ("muted", "wash"),
    ("sea", "paper"), ("sea", "surface"), ("sea", "wash"),
    ("sea-dark", "paper"), ("sea-dark", "surface"), ("sea-dark", "wash"),
    ("danger", "paper"), ("danger", "surface"), ("danger", "wash"),
    ("ok", "paper"), ("ok", "surface"), ("ok", "wash"),
    ("on-brand", "brand"), ("on-brand", "brand-dark"),
    ("brand-dark", "on-brand"),  # a yellow button's hover in the header: the header's colour on white
    ("on-sun", "sun"),
    ("on-danger", "danger"),  # a danger button
    ("paper", "ink"),  # the live banner
}  # fmt: skip
TEXT_ON |= {
    ("on-family", f"family-{family}")
    for family in (
        "performing",
        "visual",
        "music",
        "word",
        "heritage",
        "media",
        "design",
        "production",
        "none",
    )
}  # the initials of an avatar
NON_TEXT_ON = {("focus", "paper"), ("focus", "surface"), ("focus", "wash"), ("sun", "brand")}


def tokens(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\b", block))


def light() -> dict[str, str]:
    return tokens(re.search(r":root, \.board--projector \{(.*?)\n\}", CSS, re.DOTALL).group(1))


def dark() -> dict[str, str]:
    block = re.search(
        r"@media \(prefers-color-scheme: dark\) \{\s*:root[^{]*\{(.*?)\}", CSS, re.DOTALL
    ).group(1)
    return light() | tokens(block)


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_both_schemes_define_every_colour_token():
    names = {name for pair in TEXT_ON | NON_TEXT_ON for name in pair}
    assert names <= set(light()), names - set(light())
    dark_only = tokens(re.search(r"prefers-color-scheme: dark\) \{(.*?)\n\}", CSS, re.DOTALL).group(1))
    shared = {name for name in names if name.startswith(("family-", "on-family"))}  # one set for both
    assert names - shared <= set(dark_only), f"dark scheme lacks {names - shared - set(dark_only)}"
    assert dark_only["paper"] != light()["paper"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_token_pair_meets_aa(scheme):
    colours = light() if scheme == "light" else dark()
    low = [
        f"{text} on {background}: {contrast(colours[text], colours[background]):.2f}"
        for text, background in sorted(TEXT_ON)
        if contrast(colours[text], colours[background]) < 4.5
    ]
    low += [
        f"{part} on {background}: {contrast(colours[part], colours[background]):.2f} (non-text)"
        for part, background in sorted(NON_TEXT_ON)
        if contrast(colours[part], colours[background]) < 3
    ]
    assert not low, f"{scheme}: below AA: {low}"


def test_the_contrast_is_computed_as_wcag_says():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the lightest grey that passes on white
    assert contrast("#777777", "#ffffff") < 4.5
