"""The incident table: a typed DataFrame, its filters and its exports."""
