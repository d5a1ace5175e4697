"""Benchmarks: synthetic briefings at scale and one command that measures the app against
plain Textual in the same run (``python -m benchmarks.run``). See benchmarks/README.md."""
