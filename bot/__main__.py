"""`python -m bot [run|serve|socket|check|migrate|help]`.

run      (default) Socket Mode when SLACK_APP_TOKEN is set, else HTTP on $PORT at /slack/events
serve    HTTP mode, whatever SLACK_APP_TOKEN says (the Procfile's web process)
socket   Socket Mode (the Procfile's worker process)
check    validate settings, database and token, and say what is wrong in plain words
migrate  apply pending database migrations and exit
help     show this list (also -h, --help)
"""

from __future__ import annotations

import sys

HELP = ("help", "-h", "--help")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    if command in HELP:
        print(__doc__.strip())
        return 0
    if command in ("run", "serve", "socket"):
        from bot.runtime import run

        return run({"run": "auto", "serve": "http", "socket": "socket"}[command])
    if command == "check":
        from bot.check import main as check

        return check()
    if command == "migrate":
        from bot.migrate import main as migrate

        return migrate()
    print(f"Unknown command “{command}”. The commands are:\n", file=sys.stderr)
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
