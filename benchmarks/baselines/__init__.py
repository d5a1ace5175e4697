"""Plain Textual apps the briefing app is measured against, started the same way."""
