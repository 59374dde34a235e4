"""Session scripts: the model, the YAML loader, the JSON Schema and the built-in library."""

from pendulate.script.errors import ScriptError, ScriptProblem
from pendulate.script.model import Script

__all__ = ["Script", "ScriptError", "ScriptProblem"]
