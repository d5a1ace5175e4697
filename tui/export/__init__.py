"""Export: a briefing as a dated one-pager in Markdown, HTML or JSON."""
