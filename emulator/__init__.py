"""A local Telegram Bot API emulator over real HTTP, for tests, the sandbox and the benchmarks."""
