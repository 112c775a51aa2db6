"""Qt item models, one per file, each fed by projection change announcements."""
