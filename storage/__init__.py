"""Storage: SQLModel tables, migrations and repository functions. Knows nothing of Telegram."""
