"""`hookline user add|passwd|remove|list`: accounts for the web chat (HOOKLINE_AUTH=password)."""

from __future__ import annotations

import argparse
import getpass
import sys

from core.errors import InputError
from hookline.root import Root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("user", help="web-chat accounts (used when HOOKLINE_AUTH=password)")
    actions = parser.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    for name, help_text in (("add", "create an account"), ("passwd", "change an account's password")):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("name")
        action.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    remove = actions.add_parser("remove", help="delete an account (its kits and data stay in the data folder)")
    remove.add_argument("name")
    actions.add_parser("list", help="list the accounts")
    parser.set_defaults(handler=run)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Again: ") != first:
        raise InputError("The two passwords differ; nothing was changed.")
    return first


def run(args: argparse.Namespace, root: Root) -> int:
    from core.identity import check_user_name
    from hookline.accounts import UserStore

    users = UserStore.open(root.services.home)
    if args.user_action == "list":
        for name in users.names():
            print(name)
        return 0
    if args.user_action == "remove":
        if not users.remove(args.name):
            raise InputError(f"There is no user {args.name!r}; `hookline user list` shows who there is.")
        print(f"Removed {args.name}.")
        return 0
    check_user_name(args.name)
    if args.user_action == "add" and users.exists(args.name):
        raise InputError(f"User {args.name!r} already exists; `hookline user passwd {args.name}` changes the password.")
    if args.user_action == "passwd" and not users.exists(args.name):
        raise InputError(f"There is no user {args.name!r}; create it with `hookline user add {args.name}`.")
    users.add(args.name, _read_password(args), replace=args.user_action == "passwd")
    verb = "Added" if args.user_action == "add" else "Changed the password of"
    print(f"{verb} {args.name}. Start the web chat with HOOKLINE_AUTH=password to sign in.")
    return 0
