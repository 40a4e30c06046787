"""The SQL each database needs for the post index: SQLite FTS5 or PostgreSQL full-text search.

`index.py` (writes) and `query.py` (reads) use only this; the tables themselves are created by
this app's migration 0001. Both engines are given words already split and folded by
`terms.words`, so they index and match exactly alike. Nothing is stemmed: members write in
English, Spanish and more, and a stemmer for one language mangles the others; prefix matching of
the last word typed ("quimio", "flare") covers most of what stemming would.
"""

from __future__ import annotations

from typing import Protocol

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from hearth.search.terms import Terms, words

Params = list[str | int]


def _indexed(text: str) -> str:
    return " ".join(words(text))


class Engine(Protocol):
    def upsert(self, cursor: CursorWrapper, post_id: int, title: str, body: str) -> None: ...

    def delete(self, cursor: CursorWrapper, post_ids_sql: str, params: Params) -> None: ...

    def scored(self, terms: Terms, limit: int) -> tuple[str, Params]:
        """SQL selecting up to `limit` matching posts as (id, score) rows in no particular order,
        a lower score for a better match. When `limit` rows come back, more may match (and these
        are any of them); the caller sorts, since sorting inside the query would make SQLite
        score every match before applying the limit."""
        ...

    def newest(self, terms: Terms, limit: int, before: int | None) -> tuple[str, Params]:
        """SQL selecting the ids of up to `limit` matching posts (with ids below `before`, if
        given), newest first. The id stands for the time: posts are numbered as written."""
        ...


class SQLiteEngine:
    # Title words count two and a half times body words, as weights A and B do on PostgreSQL.
    _BM25 = "bm25(search_post_fts, 2.5, 1.0)"

    def upsert(self, cursor: CursorWrapper, post_id: int, title: str, body: str) -> None:
        # FTS5 tables have no ON CONFLICT; delete and insert in the caller's transaction.
        cursor.execute("DELETE FROM search_post_fts WHERE rowid = %s", [post_id])
        cursor.execute(
            "INSERT INTO search_post_fts (rowid, title, body) VALUES (%s, %s, %s)",
            [post_id, _indexed(title), _indexed(body)],
        )

    def delete(self, cursor: CursorWrapper, post_ids_sql: str, params: Params) -> None:
        cursor.execute(f"DELETE FROM search_post_fts WHERE rowid IN ({post_ids_sql})", params)  # noqa: S608

    def scored(self, terms: Terms, limit: int) -> tuple[str, Params]:
        # bm25 is lower for better matches. (Wrapped in an ordered outer query, this subquery is
        # flattened and bm25 runs over every match: 80 ms instead of 3 for a word in 6% of posts.)
        sql = f"SELECT rowid, {self._BM25} FROM search_post_fts WHERE search_post_fts MATCH %s LIMIT {int(limit)}"  # noqa: S608
        return sql, [self._expression(terms)]

    def newest(self, terms: Terms, limit: int, before: int | None) -> tuple[str, Params]:
        # FTS5 walks its index in rowid order, either way, so this stops after `limit` rows.
        below = "" if before is None else f"AND rowid < {int(before)} "
        sql = (
            f"SELECT rowid FROM search_post_fts WHERE search_post_fts MATCH %s {below}"  # noqa: S608
            f"ORDER BY rowid DESC LIMIT {int(limit)}"
        )
        return sql, [self._expression(terms)]

    @staticmethod
    def _expression(terms: Terms) -> str:
        # Each word is a quoted string, so nothing typed is read as FTS5 syntax (NEAR, OR, NOT, -,
        # column:, ^); words are letters and digits only, so they hold no quote to escape.
        quoted = [f'"{word}"' for word in terms.words]
        if terms.last_is_prefix:
            quoted[-1] += "*"
        return " ".join(quoted)


class PostgreSQLEngine:
    # "simple" only lower-cases: the words are folded already, and no language's stemmer applies.
    _DOCUMENT = "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    _QUERY = "to_tsquery('simple', %s)"

    def upsert(self, cursor: CursorWrapper, post_id: int, title: str, body: str) -> None:
        cursor.execute(
            f"INSERT INTO search_post_document (post_id, document) VALUES (%s, {self._DOCUMENT}) "  # noqa: S608
            "ON CONFLICT (post_id) DO UPDATE SET document = EXCLUDED.document",
            [post_id, _indexed(title), _indexed(body)],
        )

    def delete(self, cursor: CursorWrapper, post_ids_sql: str, params: Params) -> None:
        cursor.execute(f"DELETE FROM search_post_document WHERE post_id IN ({post_ids_sql})", params)  # noqa: S608

    def scored(self, terms: Terms, limit: int) -> tuple[str, Params]:
        # Normalisation 1 divides by the log of the length, so long posts do not win by size alone.
        # The inner LIMIT caps the documents read and ranked, however common the words.
        sql = (
            f"SELECT post_id, -ts_rank(document, query, 1) FROM (SELECT post_id, document "  # noqa: S608
            f"FROM search_post_document WHERE document @@ {self._QUERY} LIMIT {int(limit)}) AS found, "
            f"{self._QUERY} AS query"
        )
        expression = self._expression(terms)
        return sql, [expression, expression]

    def newest(self, terms: Terms, limit: int, before: int | None) -> tuple[str, Params]:
        # For common words PostgreSQL walks the primary key backwards and stops after `limit`
        # matches (a few milliseconds); for rare ones it reads them all from the GIN index.
        below = "" if before is None else f"AND post_id < {int(before)} "
        sql = (
            f"SELECT post_id FROM search_post_document WHERE document @@ {self._QUERY} {below}"  # noqa: S608
            f"ORDER BY post_id DESC LIMIT {int(limit)}"
        )
        return sql, [self._expression(terms)]

    @staticmethod
    def _expression(terms: Terms) -> str:
        # Each word is quoted, so nothing typed is read as tsquery syntax (& | ! ( ) : * <->);
        # words are letters and digits only, so they hold no quote or backslash to escape.
        quoted = [f"'{word}'" for word in terms.words]
        if terms.last_is_prefix:
            quoted[-1] += ":*"
        return " & ".join(quoted)


def engine_for(connection: BaseDatabaseWrapper) -> Engine:
    if connection.vendor == "postgresql":
        return PostgreSQLEngine()
    if connection.vendor == "sqlite":
        return SQLiteEngine()
    raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {connection.vendor}.")
