"""Bundled briefing files (``*.json``), shipped inside the package as ``tui.briefings``."""
