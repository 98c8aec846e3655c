"""Re-encrypting every encrypted column under the newest key, in batches.

Rotation is resumable without keeping any state of its own: a row already under the newest
key is left alone, so a run stopped half-way (^C, `--batches`, a deploy) is finished by
running again. Each batch is one transaction; each row is written compare-and-set on the
token it read, so a note the app saves meanwhile (already under the newest key) is never
overwritten with an older text. When `pending_rows` is 0 everywhere, the old key can go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

from arcwise.privacy.crypto import is_under_newest_key, reencrypted
from arcwise.privacy.fields import EncryptedTextField

DEFAULT_BATCH_SIZE = 500


@dataclass(frozen=True)
class Column:
    """One encrypted column: the model's label, its table and the column's name."""

    label: str
    table: str
    column: str


@dataclass
class Progress:
    """What a rotation run did to one column so far."""

    column: Column
    total: int
    looked_at: int = 0
    reencrypted: int = 0
    finished: bool = False


def encrypted_columns() -> list[Column]:
    """Every encrypted column of every installed model, in a stable order."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append(
                    Column(
                        f"{model._meta.label}.{field.name}",
                        model._meta.db_table,
                        str(field.column),
                    )
                )
    return sorted(found, key=lambda column: column.label)


def _quoted(column: Column) -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(column.table), quote(column.column)


def _count(column: Column) -> int:
    table, name = _quoted(column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {name} <> ''")  # noqa: S608
        return int(cursor.fetchone()[0])


def _tokens(
    column: Column, *, after: int | None = None, limit: int | None = None
) -> Iterator[tuple[int, str]]:
    table, name = _quoted(column)
    sql = f"SELECT id, {name} FROM {table} WHERE {name} <> ''"  # noqa: S608 - names, not input
    params: list[int] = []
    if after is not None:
        sql += " AND id > %s"
        params.append(after)
    sql += " ORDER BY id"
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor.fetchall()


def pending_rows(column: Column) -> int:
    """How many rows of `column` the newest key alone cannot open yet."""
    return sum(1 for _, token in _tokens(column) if not is_under_newest_key(token))


def _rotate_batch(column: Column, *, after: int, batch_size: int) -> tuple[int, int, int]:
    """Re-encrypt one batch after row `after`: (last row id, rows looked at, re-encrypted)."""
    table, name = _quoted(column)
    looked_at = changed = 0
    last = after
    with transaction.atomic():
        for row_id, token in list(_tokens(column, after=after, limit=batch_size)):
            looked_at, last = looked_at + 1, row_id
            if is_under_newest_key(token):
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET {name} = %s WHERE id = %s AND {name} = %s",  # noqa: S608
                    [reencrypted(token), row_id, token],
                )
                changed += cursor.rowcount
    return last, looked_at, changed


def rotate(
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_batches: int | None = None,
    report: Callable[[Progress], None] = lambda progress: None,
) -> list[Progress]:
    """Re-encrypt every encrypted column under the newest key, `batch_size` rows a
    transaction, stopping after `max_batches` batches when given (run again to go on).
    `report` hears about every batch."""
    if batch_size < 1:
        raise ValueError("A batch holds at least one row.")
    done: list[Progress] = []
    batches = 0
    for column in encrypted_columns():
        progress = Progress(column, total=_count(column))
        done.append(progress)
        after = 0
        while max_batches is None or batches < max_batches:
            after, looked_at, changed = _rotate_batch(column, after=after, batch_size=batch_size)
            batches += 1
            progress.looked_at += looked_at
            progress.reencrypted += changed
            progress.finished = looked_at < batch_size
            report(progress)
            if progress.finished:
                break
        if not progress.finished:
            break
    return done
