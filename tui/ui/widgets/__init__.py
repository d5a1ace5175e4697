"""Reusable widgets: the line list, master-detail pane, tab bar, pickers."""
