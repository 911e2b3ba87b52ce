"""accounts: who may change the record, and what they did. Owns users and their roles, passwords
(argon2id), sign-in sessions and their CSRF tokens, the sign-in rate limit, API tokens, and the
audit log that every change to the record writes to.

    add_user(engine, "alice", "clerk", password)   # users.py
    session = sign_in(engine, "alice", password, address="10.0.0.1")   # sessions.py
    signed_in(engine, session.token)   # -> Identity or None
    record(connection, identity.actor, "action.close", subject, before, after)   # audit.py

Nothing here is web-specific: the site (`web.clerk`) and the CLI (`cli.users`) call these.
"""
