"""What happened: kinds and cues, clause by clause reading, reports per article, merged incidents."""
