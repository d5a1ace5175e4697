"""All that touches the disk: strict JSON, the one atomic locked writer, paths, kept
articles and the load cache."""
