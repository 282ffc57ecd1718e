"""``python -m emulator --port 8081``: run the emulator standalone for a bot in another process."""

from __future__ import annotations

import argparse
import signal
import threading

from emulator.core import BotAPIEmulator


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST")
    parser.add_argument("--bot-username", default="pantau_test_bot")
    parser.add_argument("--no-privacy", action="store_true", help="bot sees every group message")
    parser.add_argument("--flood-limits", action="store_true", help="enforce Telegram's flood limits")
    parser.add_argument("--log-requests", action="store_true")
    args = parser.parse_args(argv)
    emu = BotAPIEmulator(
        args.token,
        args.host,
        args.port,
        args.bot_username,
        privacy_mode=not args.no_privacy,
        log_requests=args.log_requests,
    )
    emu.start()
    if args.flood_limits:
        emu.enforce_flood_limits(True)
    print(emu.url, flush=True)
    print(f"base_url={emu.base_url} base_file_url={emu.base_file_url} token={emu.token}", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        emu.stop()


if __name__ == "__main__":
    main()
