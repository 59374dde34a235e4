"""The startup baseline: a bare Textual hello-world, as small as a Textual app gets."""

from textual.app import App, ComposeResult
from textual.widgets import Static

READY_TEXT = "Hello, world"


class HelloApp(App):
    def compose(self) -> ComposeResult:
        yield Static(READY_TEXT)


if __name__ == "__main__":
    HelloApp().run()
