"""Pure records and rules: no I/O, no Rich, no Textual. Everything above builds on these."""
