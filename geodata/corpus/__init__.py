"""Articles in: front-matter files, folders and JSON Lines, each problem kept with file and line."""
