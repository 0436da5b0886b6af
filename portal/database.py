"""The database handle, the declarative base and the transaction boundary.

Domain functions decorated with @transaction are the only places that commit: a view calls
one of them, and either all of its changes land or none do.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from flask import g, has_app_context
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, event, exc, inspect
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Models subclass `Model`. At run time it is Flask-SQLAlchemy's db.Model (session and table
# naming); to the type checker it is our typed declarative base.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no zone; PostgreSQL's timestamptz does. Either way Python sees aware UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy, not pysqlite, decide when transactions begin (needed for SAVEPOINT and
    # for BEGIN IMMEDIATE below), and make SQLite behave like a server under concurrent use.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


# --- connections that may have died --------------------------------------------------------
# A connection that waited in the pool a while may have been closed by the server (a restart,
# a failover, an idle timeout): it is tried with a round trip before use, and replaced if dead.
# One used a moment ago is not tried again. SQLAlchemy's pool_pre_ping tried every one, a round
# trip before every page: a third of the session lookup under load (issue 13).
PING_AFTER_IDLE_SECONDS = 5.0
_CHECKED_IN = "portal.checked_in"  # connection_record.info: when it went back to the pool


def watch_connections(engine: Engine) -> None:
    dialect = engine.dialect

    def checked_in(dbapi_connection: Any, connection_record: Any) -> None:
        connection_record.info[_CHECKED_IN] = time.monotonic()

    def check_out(dbapi_connection: Any, connection_record: Any, connection_proxy: Any) -> None:
        returned = connection_record.info.pop(_CHECKED_IN, None)
        if returned is None or time.monotonic() - returned < PING_AFTER_IDLE_SECONDS:
            return  # new, or used a moment ago
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise exc.DisconnectionError from error  # the pool replaces it and tries again
        if not alive:
            raise exc.DisconnectionError

    event.listen(engine, "checkin", checked_in)
    event.listen(engine, "checkout", check_out)


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn: Any) -> None:
    if conn.dialect.name != "sqlite":
        return
    # A transaction that is going to write asks for the write lock up front, so that two
    # writers queue on busy_timeout instead of one failing with a stale snapshot.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


WRITER = "portal.writer"  # session.info: the open transaction holds the write lock
DEPTH = "portal.transaction_depth"  # session.info: @transaction functions running


def begin_write() -> None:
    """Make the session's next transaction a writer from its first statement.

    Every @transaction function calls it first, so a domain command never reads, decides
    and then finds it cannot write. On SQLite it takes the write lock up front (BEGIN
    IMMEDIATE), so concurrent writers queue on busy_timeout instead of one failing on a stale
    read snapshot ("database is locked"). A transaction the request has already opened to
    read (the signed-in user, the page's data) is ended first; one that already holds the
    write lock is kept. PostgreSQL reads committed rows afresh in every statement, so there
    a transaction that has only read goes on: ending it would cost two round trips and the
    reloading of everything it had read.
    """
    session = db.session()
    if session.info.get(WRITER) and session.in_transaction():
        return
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_write() must come before any change in the transaction")
    if session.in_transaction():
        if session.get_bind().dialect.name == "postgresql" and not session.info.get(WROTE):
            return
        session.commit()
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
    session.info[WRITER] = True


@event.listens_for(Session, "after_transaction_end")
def _writer_ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(WRITER, None)


WROTE = "wrote"


@event.listens_for(Session, "do_orm_execute")
def _note_writes(state: Any) -> None:
    # Plain SQL text may write whatever it says: counted as a write, to be safe.
    if not state.is_select:
        state.session.info[WROTE] = True


@event.listens_for(Session, "after_flush")
def _note_flush(session: Any, *context: Any) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _ended(session: Any) -> None:
    session.info.pop(WROTE, None)


def _only_read(session: Session) -> bool:
    """Whether the session's open transaction, if any, has only read: nothing written, flushed
    or waiting to be."""
    return not (session.info.get(WROTE) or session.new or session.dirty or session.deleted)


def end_reading() -> None:
    """End the session's transaction so that nothing it did not commit lands: one that only
    read is committed on PostgreSQL, any other rolled back. There a ROLLBACK makes psycopg
    forget every statement it has prepared on the connection, so that the server planned each
    query of every page afresh; a COMMIT keeps them (issue 13)."""
    session = db.session()
    if not session.in_transaction():
        return
    if not _commit_if_only_read(session):
        session.rollback()


def _commit_if_only_read(session: Session) -> bool:
    if not _only_read(session) or session.get_bind().dialect.name != "postgresql":
        return False
    # What was read stays readable, as closing the session leaves it.
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
    return True


def end_request_reading(exception: BaseException | None) -> None:
    """teardown_appcontext, before Flask-SQLAlchemy's: a request that only read ends with
    COMMIT on PostgreSQL, not the ROLLBACK that closing the session sends (see end_reading).
    Anything else is left to closing the session, as before."""
    if exception is None and db.session.registry.has():
        session = db.session()
        if session.in_transaction():
            _commit_if_only_read(session)


def key_of(row: Base) -> int:
    """The id of a row loaded by the ORM, read from its identity: no query, even when the
    object has expired (after a commit or a rollback)."""
    identity = inspect(row).identity
    if identity is None:
        return int(row.id)  # type: ignore[attr-defined]
    return int(identity[0])


P = ParamSpec("P")
R = TypeVar("R")
MEMO = "_read_once"


def read_once(key: tuple[object, ...], read: Callable[[], R]) -> R:
    """`read()` once per request for `key`, while nothing has been written: a page that asks
    the same question in several places sends one query. Any flush, commit or rollback
    forgets every answer, so that a command always decides on fresh rows."""
    if not has_app_context():
        return read()
    memo: dict[tuple[object, ...], Any] = g.setdefault(MEMO, {})
    if key not in memo:
        memo[key] = read()
    return memo[key]


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_reads(session: Any, *context: Any) -> None:
    if has_app_context():
        g.pop(MEMO, None)


def transaction(fn: Callable[P, R]) -> Callable[P, R]:
    """Commit what `fn` did when it returns; roll everything back when it raises.

    The outermost one begins as a writer (begin_write), unless its caller left changes of
    its own in the session, which then land with it as before."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        session = db.session()
        depth = session.info.get(DEPTH, 0)
        if depth == 0 and not (session.new or session.dirty or session.deleted):
            begin_write()
        session.info[DEPTH] = depth + 1
        try:
            result = fn(*args, **kwargs)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        finally:
            session.info[DEPTH] = depth
        return result

    return wrapper
