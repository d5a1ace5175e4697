"""briefing: a terminal browser for structured, source-traced briefings.

The package is split in two layers. The data layer (``article``, ``model``, ``dates``,
``validate``, ``jsonio``, ``store``, ``index``, ``text``, ``paths``) never imports Textual;
the UI layer (``app``, ``screens``, ``widgets``) sits on top of it.
"""

__version__ = "0.1.0"
