"""App configuration for tracking: check-ins, trackers, goals, charts and the visit summary."""

import sys

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "hearth.tracking"
    label = "tracking"
    verbose_name = "Tracking"

    def ready(self) -> None:
        # pygal (the charts) appends an old-style import hook for its map plugins, which Hearth
        # does not use; every later import that reaches the hook warns (ImportWarning), and
        # warnings are errors in the suite. Import it once here and take the hook out.
        import pygal  # type: ignore[import-untyped]  # noqa: F401  (no type hints shipped)

        sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__name__ != "PluginImportFixer"]
