"""The report conversation (/lapor, "Lapor sekarang", /riwayat revisions): see ``conversation.py`` for the table."""
