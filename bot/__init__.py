"""The Telegram layer: application factory, handlers, conversations, keyboards."""
