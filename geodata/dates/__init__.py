"""When: date and time expressions of Arabic news, resolved against the published date."""
