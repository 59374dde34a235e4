"""One module per screen; here, the base classes they are typed with.

``PendulateScreen`` and ``PendulateModal`` tell the type checker that a screen's ``self.app``
is the pendulate app, so ``self.app.plain`` or ``self.app.player`` have their real types. At
run time they are Textual's own ``Screen`` and ``ModalScreen``: no class comes in between, so
each screen's style type names and bindings are exactly what they were, and nothing is added
to the start-up path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

ResultType = TypeVar("ResultType")

# The style sheet of every screen but the library (whose rules are in the app's own sheet,
# parsed before the first frame). Textual reads it when the first screen naming it opens.
SCREENS_CSS = Path(__file__).with_name("screens.tcss")

if TYPE_CHECKING:
    from textual import getters

    from pendulate.tui.app import PendulateApp

    class PendulateScreen(Screen[ResultType]):
        """A full screen of the pendulate app."""

        app = getters.app(PendulateApp)

    class PendulateModal(ModalScreen[ResultType]):
        """A screen shown over another one (a check-in, crisis help, a question)."""

        app = getters.app(PendulateApp)

else:
    PendulateScreen = Screen
    PendulateModal = ModalScreen

__all__ = ["SCREENS_CSS", "PendulateModal", "PendulateScreen"]
