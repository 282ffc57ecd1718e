"""Plan files: the YAML and XLSX a secretariat edits, read into and written from :mod:`domain.plan`."""
