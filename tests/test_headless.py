"""The headless core never imports a UI or audio library (the import contracts say so too)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

FORBIDDEN = ("textual", "rich", "simpleaudio", "pydub")
# The core, and the headless glue and safety logic the screens rely on.
CORE = (
    "pendulate.script",
    "pendulate.homework",
    "pendulate.plan",
    "pendulate.engine",
    "pendulate.catalogue",
    "pendulate.store",
    "pendulate.export",
    "pendulate.safety",
)

PROBE = """
import importlib, json, pkgutil, sys
pkg = importlib.import_module({package!r})
names = [pkg.__name__] + [m.name for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(json.dumps({{"modules": names, "forbidden": sorted(n for n in sys.modules if n.split(".")[0] in {forbidden!r})}}))
"""


@pytest.mark.parametrize("package", CORE)
def test_every_core_module_imports_no_ui_or_audio(package):
    code = PROBE.format(package=package, forbidden=FORBIDDEN)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert len(result["modules"]) >= 2
    assert result["forbidden"] == []


def test_the_practice_glue_and_settings_import_no_ui_or_audio():
    code = (
        "import json, sys\n"
        "import pendulate.practice, pendulate.settings, pendulate.paths\n"
        f"print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in {FORBIDDEN!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
