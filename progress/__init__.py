"""Progress presentation: recap texts and views, charts, the Excel recap and the weekly digest, built from
:mod:`storage.aggregates` for the bot, the jobs and the CLI."""
