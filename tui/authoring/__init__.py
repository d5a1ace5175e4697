"""Authoring: change records, the Editor every edit goes through, form checks and
"since you last looked"."""
