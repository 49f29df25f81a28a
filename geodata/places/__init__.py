"""Where: the gazetteer, the words that frame a place, finding places in text, territorial control."""
