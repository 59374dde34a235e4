"""A compact text chart of the ratings given during a session."""

from __future__ import annotations

from rich.text import Text

BARS = "▁▂▃▄▅▆▇█"


def spark(values: list[int | None], maximum: int = 10) -> str:
    out = []
    for v in values:
        out.append("·" if v is None else BARS[min(len(BARS) - 1, round(v / maximum * (len(BARS) - 1)))])
    return "".join(out)


def ratings_chart(suds: list[int | None], settling: list[int | None], plain: bool = False) -> Text:
    """Two rows, one mark per check-in, with the numbers after them."""
    text = Text()
    for label, values, colour in (("intensity", suds, "#d9967f"), ("settling ", settling, "#8fbf8f")):
        shown = [v for v in values if v is not None]
        numbers = " ".join(str(v) for v in shown) or "no ratings"
        if plain:
            text.append(f"{label.strip()}: {numbers}\n")
        else:
            text.append(f"{label}  ", style="bold")
            text.append(spark(values), style=colour)
            text.append(f"   {numbers}\n", style="dim")
    return text
