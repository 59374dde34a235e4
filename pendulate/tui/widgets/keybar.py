"""One line at the bottom of every screen saying which keys do what.

It takes the place of Textual's footer, which builds a widget for every key and re-lays them
out on every change of screen: about a tenth of a second before the first frame. Here the
whole line is one piece of text, drawn again only when the screen's keys change or the
width does. On a narrow terminal the descriptions shorten before anything is cut, so the
safety keys stay readable at 40 columns. Each key can be clicked.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget

GAP = "  "


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
        padding: 0 1;
        link-style: none;
        link-background-hover: $footer-key-foreground 25%;
    }
    KeyBar > .keybar--key { color: $footer-key-foreground; text-style: bold; }
    KeyBar > .keybar--disabled { color: $text-disabled; }
    """
    COMPONENT_CLASSES = {"keybar--key", "keybar--disabled"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def shown(self) -> list[tuple[Binding, bool]]:
        """Each key the screen shows (one per action) and whether it does anything right now."""
        seen: set[str] = set()
        out = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            out.append((binding, enabled))
        return out

    def render(self) -> Text:
        items = self.shown()
        width = self.content_region.width or self.size.width
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        disabled_style = self.get_component_rich_style("keybar--disabled", partial=True)
        # Full descriptions if they fit; then first words; then the keys alone, except where to
        # find out what they do.
        for form in (_full, _first_word, _help_only):
            text = Text(no_wrap=True, overflow="ellipsis", end="")
            for n, (binding, enabled) in enumerate(items):
                if n:
                    text.append(GAP)
                click = Style(meta={"@click": f"app.simulate_key({_quoted(binding.key)})"})
                text.append(self.app.get_key_display(binding), (key_style if enabled else disabled_style) + click)
                words = form(binding)
                if words:
                    text.append(" " + words, (Style() if enabled else disabled_style) + click)
            if text.cell_len <= width:
                break
        return text


def _full(binding: Binding) -> str:
    return binding.description


def _first_word(binding: Binding) -> str:
    return binding.description.split(" ", 1)[0]


def _help_only(binding: Binding) -> str:
    return binding.description if binding.action == "help" else ""


def _quoted(key: str) -> str:
    return "'" + key.replace("\\", "\\\\").replace("'", "\\'") + "'"
