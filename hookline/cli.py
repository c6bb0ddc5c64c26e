"""`hookline` command line: one module per command under hookline/commands/.

Each command module defines `register(subparsers)`, which adds its parser and sets
`handler=run` where `run(args, root) -> int`, `root` being the composition root
(`hookline.root.Root`) built from settings once per process. Errors meant for people
(`HooklineError`) become one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from core.errors import HooklineError, SetupError
from core.settings import Settings
from hookline import __version__
from hookline.root import Root


def build_parser() -> argparse.ArgumentParser:
    import hookline.commands as commands_package

    parser = argparse.ArgumentParser(
        prog="hookline", description="Creative research assistant with brand memory."
    )
    parser.add_argument("--version", action="version", version=f"hookline {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(commands_package.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"hookline.commands.{module_info.name}")
        module.register(subparsers)
    return parser


def _settings_from_environment() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in item['loc']) or 'settings'}: {item['msg']}" for item in error.errors())
        raise SetupError(f"A HOOKLINE_ setting is not valid ({problems}). Fix it in the environment or .env.") from None


def main(argv: Sequence[str] | None = None, *, settings: Settings | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    root = None
    try:
        root = Root.from_settings(settings or _settings_from_environment())
        return int(args.handler(args, root) or 0)
    except HooklineError as error:
        print(f"hookline: {error}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # The reader went away (`hookline ... | head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        # Ctrl-C ends the process now. Worker threads of a chat turn in flight would otherwise keep it
        # alive (Python joins them at exit, closing nothing they wait on). What the turn committed is
        # in the checkpoint; the next run resumes from it, as after a kill -9 (tests/test_fault_injection.py).
        print("hookline: interrupted", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    finally:
        if root is not None:
            root.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
