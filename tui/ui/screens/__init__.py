"""The screens of the app: the briefing, the folder chooser, forms, dialogs, help, errors."""
