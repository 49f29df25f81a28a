"""What a reader sees: escaping, article and incident views, the map."""
