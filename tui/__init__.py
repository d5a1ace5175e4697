"""briefing: a terminal browser for structured, source-traced briefings.

The package is split in two layers. The data layer (``article``, ``model``, ``dates``,
``validate``, ``jsonio``, ``store``, ``loader``, ``cache``, ``index``, ``views``, ``rows``,
``text``, ``editing``, ``seen``, ``export``, ``attachments``, ``paths``, ``errors``, ``cli``)
never imports Textual; the UI layer (``app``, ``commands``, ``screens``, ``widgets``) sits
on top of it.
"""

__version__ = "0.1.0"
