"""The full-text index of posts: an FTS5 table on SQLite, a tsvector table with a GIN index on
PostgreSQL. Neither is a Django model, so this migration creates them by hand, fills them from
the posts already written, and can remove them again."""

from django.db import migrations

# Posts are indexed exactly as hearth.search.index does it, by the same engine; it takes plain
# values, never models, so it works on the historical Post below.
from hearth.search.engines import engine_for

# PostgreSQL: a deleted post takes its document with it. Triggers rather than a foreign key,
# because Django empties tables between transactional tests with a TRUNCATE of its own tables,
# which PostgreSQL refuses while another table refers to one of them; the TRUNCATE trigger
# empties the index along with the posts instead.
_PG_CREATE = [
    "CREATE TABLE search_post_document (post_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX search_post_document_gin ON search_post_document USING GIN (document)",
    """CREATE FUNCTION search_post_document_forget() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN DELETE FROM search_post_document WHERE post_id = OLD.id; RETURN NULL; END $$""",
    """CREATE TRIGGER search_post_document_forget AFTER DELETE ON discussions_post
       FOR EACH ROW EXECUTE FUNCTION search_post_document_forget()""",
    """CREATE FUNCTION search_post_document_empty() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN TRUNCATE search_post_document; RETURN NULL; END $$""",
    """CREATE TRIGGER search_post_document_empty AFTER TRUNCATE ON discussions_post
       FOR EACH STATEMENT EXECUTE FUNCTION search_post_document_empty()""",
]
_PG_DROP = [
    "DROP TRIGGER IF EXISTS search_post_document_empty ON discussions_post",
    "DROP TRIGGER IF EXISTS search_post_document_forget ON discussions_post",
    "DROP FUNCTION IF EXISTS search_post_document_empty()",
    "DROP FUNCTION IF EXISTS search_post_document_forget()",
    "DROP TABLE IF EXISTS search_post_document",
]

# SQLite: a post's rowid is never given to another post (Django's SQLite keys are
# AUTOINCREMENT) and every search goes through the Post table, so the entry of a post removed
# without an action (a whole community deleted) finds nothing. A trigger would be lost silently
# whenever a later migration rebuilds discussions_post, as SQLite migrations do.
_SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_post_fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')",
]
_SQLITE_DROP = ["DROP TABLE IF EXISTS search_post_fts"]


def _statements(vendor, sqlite, postgresql):
    if vendor == "sqlite":
        return sqlite
    if vendor == "postgresql":
        return postgresql
    raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {vendor}.")


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    for statement in _statements(connection.vendor, _SQLITE_CREATE, _PG_CREATE):
        schema_editor.execute(statement)
    Post = apps.get_model("discussions", "Post")
    posts = (
        Post.objects.using(connection.alias)
        .filter(deleted_at__isnull=True, thread__deleted_at__isnull=True)
        .values_list("id", "is_first", "thread__title", "plain_text")
        .order_by("id")
    )
    engine = engine_for(connection)
    with connection.cursor() as cursor:
        for post_id, is_first, title, plain_text in posts.iterator(chunk_size=1000):
            engine.upsert(cursor, post_id, title if is_first else "", plain_text)


def backwards(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, _SQLITE_DROP, _PG_DROP):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
