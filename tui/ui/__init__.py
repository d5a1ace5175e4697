"""The only package that imports Textual: the app, its screens, widgets and palette."""
