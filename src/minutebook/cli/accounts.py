"""`minutebook users|tokens|audit`: who may change the record, from the server's shell.

The shell is trusted (it can read the database anyway), so these need no sign-in; the audit log
names them "cli". A password comes from a hidden prompt, or from standard input with
`--password-stdin` (for scripts: it never appears in the process list or shell history).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from minutebook.cli.app import Format, app, console, one_line_errors
from minutebook.cli.ingest import DatabaseOption
from minutebook.errors import MinutebookError

if TYPE_CHECKING:
    from sqlalchemy import Engine

users_app = typer.Typer(help="Clerks and admins who may change the record.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for the JSON write endpoints.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")

RoleOption = Annotated[str, typer.Option("--role", help="clerk (keeps the record) or admin (also users).")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="text or json.")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


def _engine(database: str | None) -> Engine:
    from minutebook.store import migrate, open_engine

    engine = open_engine(database)
    migrate(engine)
    return engine


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise MinutebookError("--password-stdin: standard input held no password")
        return password
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
@one_line_errors
def users_add(
    name: str,
    role: RoleOption = "clerk",
    password_stdin: PasswordStdin = False,
    database: DatabaseOption = None,
) -> None:
    """Add a user who can sign in to the site."""
    from minutebook.accounts.users import add_user

    add_user(_engine(database), name, role, _password(password_stdin))
    console.print(f"added {role} {name}", highlight=False)


@users_app.command("list")
@one_line_errors
def users_list(database: DatabaseOption = None, format: FormatOption = Format.text) -> None:
    """The users, their roles and whether they are disabled."""
    from minutebook.accounts.users import list_users

    found = list_users(_engine(database))
    if format == Format.json:
        console.print_json(json.dumps([asdict(user) for user in found]))
        return
    for user in found:
        state = "  (disabled)" if user.disabled else ""
        console.print(f"{user.name}\t{user.role}\tsince {user.created_at}{state}", highlight=False)


@users_app.command("disable")
@one_line_errors
def users_disable(name: str, database: DatabaseOption = None) -> None:
    """Stop a user signing in, and end their sessions."""
    from minutebook.accounts.users import set_disabled

    set_disabled(_engine(database), name, True)
    console.print(f"disabled {name}", highlight=False)


@users_app.command("enable")
@one_line_errors
def users_enable(name: str, database: DatabaseOption = None) -> None:
    """Let a disabled user sign in again."""
    from minutebook.accounts.users import set_disabled

    set_disabled(_engine(database), name, False)
    console.print(f"enabled {name}", highlight=False)


@users_app.command("passwd")
@one_line_errors
def users_passwd(name: str, password_stdin: PasswordStdin = False, database: DatabaseOption = None) -> None:
    """Set a user's password (their sessions end)."""
    from minutebook.accounts.users import set_password

    set_password(_engine(database), name, _password(password_stdin))
    console.print(f"password changed for {name}", highlight=False)


@tokens_app.command("create")
@one_line_errors
def tokens_create(name: str, role: RoleOption = "clerk", database: DatabaseOption = None) -> None:
    """Make a bearer token; it is printed once and only its hash is kept."""
    from minutebook.accounts.tokens import create_token

    print(create_token(_engine(database), name, role))


@tokens_app.command("list")
@one_line_errors
def tokens_list(database: DatabaseOption = None) -> None:
    """The tokens by name (never their values), and whether revoked."""
    from minutebook.accounts.tokens import list_tokens

    for token in list_tokens(_engine(database)):
        state = f"  (revoked {token.revoked_at})" if token.revoked_at else ""
        console.print(f"{token.name}\t{token.role}\tsince {token.created_at}{state}", highlight=False)


@tokens_app.command("revoke")
@one_line_errors
def tokens_revoke(name: str, database: DatabaseOption = None) -> None:
    """Stop a token working."""
    from minutebook.accounts.tokens import revoke_token

    revoke_token(_engine(database), name)
    console.print(f"revoked {name}", highlight=False)


@app.command("audit")
@one_line_errors
def audit_command(
    limit: Annotated[int, typer.Option(help="How many entries, newest first.")] = 50,
    database: DatabaseOption = None,
    format: FormatOption = Format.text,
) -> None:
    """Who changed what, when: the audit log, newest first."""
    from minutebook.accounts import audit

    found = audit.entries(_engine(database), limit=limit)
    if format == Format.json:
        console.print_json(json.dumps([asdict(entry) for entry in found]))
        return
    for entry in found:
        subject = f" {entry.subject}" if entry.subject else ""
        console.print(f"{entry.at}  {entry.actor}  {entry.action}{subject}", highlight=False)
