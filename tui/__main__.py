"""``python -m tui``: the same as the ``briefing`` command."""

from tui.cli import main

raise SystemExit(main())
