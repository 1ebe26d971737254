"""Writing many rows at once, for bulk imports.

Django's ``bulk_create`` and ``bulk_update`` send good SQL, but build it through the query compiler's
expression machinery value by value: for a 100,000-person import that costs several times what the
database spends storing the rows. These send plain statements — ``COPY`` on PostgreSQL, multi-row
``INSERT … RETURNING`` elsewhere, ``UPDATE … FROM (VALUES …)`` — and convert each value as
the model field does, taking a short cut only where the field's conversion would return the value
unchanged (text, numbers, booleans, and keys to them). No signals are sent and no ``save()`` is called, as
with ``bulk_create``.
"""

from __future__ import annotations

import gc
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

M = TypeVar("M", bound=models.Model)

# Fields whose conversion to the database value leaves a value of the listed types as it is.
_PLAIN_FIELD_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallAutoField",
        "SmallIntegerField",
        "TextField",
    }
)
_PLAIN_VALUE_TYPES = (str, int, bool, type(None))
_IMMUTABLE_VALUE_TYPES = frozenset({datetime, date, uuid.UUID, Decimal})
# PostgreSQL takes at most 65,535 parameters per statement; SQLite says how many it takes.
_POSTGRES_MAX_PARAMS = 65_535
_MAX_ROWS_PER_STATEMENT = 2_000

Converter = Callable[[Any], Any]
_NOTHING = object()


def _is_plain(field: models.Field[Any, Any]) -> bool:
    if field.is_relation:
        target = field.target_field  # type: ignore[attr-defined]
        return bool(target.get_internal_type() in _PLAIN_FIELD_TYPES)
    return field.get_internal_type() in _PLAIN_FIELD_TYPES


def _converter(field: models.Field[Any, Any], connection: BaseDatabaseWrapper) -> Converter:
    """``field.get_db_prep_save``, skipped for a value it would return unchanged."""
    prepare = field.get_db_prep_save
    if not _is_plain(field):
        # The last immutable value converted is kept: a bulk write often repeats one (the time of every
        # audit event of a chunk), and converting a datetime is what costs.
        last: list[Any] = [_NOTHING, None]

        def convert_other(value: Any) -> Any:
            if value is last[0]:
                return last[1]
            converted = prepare(value, connection)
            if type(value) in _IMMUTABLE_VALUE_TYPES:
                last[0], last[1] = value, converted
            return converted

        return convert_other

    def convert(value: Any) -> Any:
        if type(value) in _PLAIN_VALUE_TYPES:
            return value
        return prepare(value, connection)

    return convert


def _concrete(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field


def _column(field: models.Field[Any, Any]) -> str:
    if field.column is None:
        raise ValueError(f"{field} has no column")
    return field.column


def _max_params(connection: BaseDatabaseWrapper) -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    if connection.vendor == "postgresql":
        return _POSTGRES_MAX_PARAMS
    return int(connection.features.max_query_params or 999)


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    returning: bool = False,
) -> list[Any]:
    """Insert ``rows`` (one value per name in ``columns``: field names or attnames) into ``model``'s table;
    the new primary keys in row order when ``returning``.

    Values are what the model field takes (a ``date``, a ``dict`` for JSON, an id or an instance for a
    foreign key); defaults and ``auto_now_add`` are not applied: give every column a value."""
    connection = connections[router.db_for_write(model)]
    fields = [_concrete(model, name) for name in columns]
    converters = [_converter(field, connection) for field in fields]
    converted = ([convert(value) for convert, value in zip(converters, row, strict=True)] for row in rows)
    if connection.vendor == "postgresql":
        return _copy(connection, model, fields, converted, returning=returning)
    return _insert(connection, model, fields, converted, returning=returning)


def _insert(
    connection: BaseDatabaseWrapper,
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    rows: Iterator[list[Any]],
    *,
    returning: bool,
) -> list[Any]:
    """Multi-row ``INSERT … VALUES … RETURNING``, as many rows per statement as the database takes."""
    quote = connection.ops.quote_name
    # Only the model's own table and column names, quoted, go into the SQL; every value is a parameter.
    names = ", ".join(quote(_column(field)) for field in fields)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES "  # noqa: S608
    tail = f" RETURNING {quote(_column(model._meta.pk))}" if returning else ""
    width = len(fields)
    per_statement = max(1, min(_MAX_ROWS_PER_STATEMENT, _max_params(connection) // width))
    placeholder = "(" + ", ".join(["%s"] * width) + ")"
    keys: list[Any] = []
    batch: list[Any] = []
    count = 0
    with connection.cursor() as cursor:

        def flush() -> None:
            nonlocal batch, count
            cursor.execute(head + ", ".join([placeholder] * count) + tail, batch)
            if returning:
                # The rows of a multi-row INSERT come back in the order of its VALUES, which Django's
                # bulk_create relies on as well.
                keys.extend(row[0] for row in cursor.fetchall())
            batch, count = [], 0

        for row in rows:
            batch.extend(row)
            count += 1
            if count == per_statement:
                flush()
        if count:
            flush()
    return keys


def _copy(
    connection: BaseDatabaseWrapper,
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    rows: Iterator[list[Any]],
    *,
    returning: bool,
) -> list[Any]:
    """PostgreSQL's ``COPY … FROM STDIN``, several times faster than ``INSERT`` for both the server and the
    client. COPY returns nothing: when the keys are wanted, they are drawn from the table's sequence first
    (one query), as the default would, and written with the rows."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = [quote(_column(field)) for field in fields]
    keys: list[Any] = []
    with connection.cursor() as cursor:
        if returning:
            pk_column = _column(model._meta.pk)
            materialised = list(rows)
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, pk_column, len(materialised)],
            )
            keys = [row[0] for row in cursor.fetchall()]
            names.insert(0, quote(pk_column))
            rows = ([key, *row] for key, row in zip(keys, materialised, strict=True))
        with cursor.cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return keys


def insert_instances(objs: Sequence[M]) -> list[M]:
    """``bulk_create`` for new instances of one model, with every field's value set (``auto_now_add`` and
    ``auto_now`` fields are filled in): sets the primary keys the database gives."""
    if not objs:
        return list(objs)
    model = type(objs[0])
    opts = model._meta
    auto_pk = opts.pk.attname if isinstance(opts.pk, models.AutoField | models.BigAutoField) else None
    fields = [field for field in opts.concrete_fields if field.attname != auto_pk]
    stamped = [
        field
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    if stamped:
        for obj in objs:
            for field in stamped:
                field.pre_save(obj, add=True)  # sets the attribute as save() would
    attnames = [field.attname for field in fields]
    keys = insert_rows(
        model,
        attnames,
        ([getattr(obj, name) for name in attnames] for obj in objs),
        returning=auto_pk is not None,
    )
    database = router.db_for_write(model)
    for position, obj in enumerate(objs):
        if auto_pk is not None:
            setattr(obj, auto_pk, keys[position])
        obj._state.adding = False
        obj._state.db = database
    return list(objs)


def update_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Set ``columns`` row by row: each of ``rows`` holds the primary key, then one value per column.

    Many rows per statement: ``UPDATE … FROM (VALUES (key, value …), …)`` joins the new values to the rows,
    where ``bulk_update`` builds a ``CASE`` with a branch per row and column, and one ``UPDATE`` per row
    costs the database a statement each (four times slower on PostgreSQL)."""
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    fields = [opts.pk, *(_concrete(model, name) for name in columns)]
    converters = [_converter(field, connection) for field in fields]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    # VALUES names its columns column1, column2 … on both databases; PostgreSQL infers their types from
    # the values, so the first row says them (a column of NULLs would otherwise be text).
    assignments = ", ".join(
        f"{quote(_column(field))} = new.column{position}"
        for position, field in enumerate(fields[1:], start=2)
    )
    head = f"UPDATE {table} SET {assignments} FROM (VALUES "  # noqa: S608
    tail = f") AS new WHERE {table}.{quote(_column(opts.pk))} = new.column1"
    plain = "(" + ", ".join(["%s"] * len(fields)) + ")"
    if connection.vendor == "postgresql":
        first = "(" + ", ".join(f"CAST(%s AS {field.db_type(connection)})" for field in fields) + ")"
    else:
        first = plain
    per_statement = max(1, min(_MAX_ROWS_PER_STATEMENT, _max_params(connection) // len(fields)))
    batch: list[Any] = []
    count = 0
    with connection.cursor() as cursor:

        def flush() -> None:
            nonlocal batch, count
            cursor.execute(head + ", ".join([first] + [plain] * (count - 1)) + tail, batch)
            batch, count = [], 0

        for row in rows:
            batch.extend(convert(value) for convert, value in zip(converters, row, strict=True))
            count += 1
            if count == per_statement:
                flush()
        if count:
            flush()


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk job, and restore it after.

    Reading a 100,000-row list allocates millions of objects that all stay alive until the job ends; each
    full collection walks all of them again, for nothing (a quarter of an import's analysis). Memory is
    still freed by reference counting; the few cycles made meanwhile are collected once at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
