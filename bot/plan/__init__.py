"""The plan in the chat: /rencana, a plan file sent back, and its change as a new version (``bot.plan.chat``)."""
