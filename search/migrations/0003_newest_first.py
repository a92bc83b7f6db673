"""
Let a search list its matches newest first without reading them all.

- Both databases: an index on (published_at, id), newest first, which PostgreSQL walks to
  list the matches of a common word by date (search/backends.py).
- SQLite: the FTS5 table is re-keyed so that its rowid sorts by date. FTS5 can only return
  matches in rowid order (cheaply, in either direction), and an entry's id is not its date
  (a post gets its entry when first approved; an article can be scheduled). So the FTS rowid
  is `seconds since 1970 × 10⁹ + id` (SEARCH_KEY below): newest last, and the id can be read
  back from its last nine digits (search/backends.py joins on that; ids stay far below 10⁹).
  FTS5 reads the text of a row (for snippet()) through the view search_fts_source, which
  exposes that key; a unique index on the same expression makes those look-ups cheap.

- SQLite: the FTS5 table also indexes `kind`, so that a search of the reference articles
  alone (a few hundred among a million posts) is an intersection inside FTS5, not a walk
  through every match of its words.

SQLite loses raw-SQL triggers and indexes whenever Django rebuilds a table, so a later
migration that alters search_searchentry on SQLite must run SQLITE_CREATE again (and
'rebuild' the FTS table), as this one does.
"""

from django.db import migrations, models

# Keep in step with SEARCH_KEY in search/backends.py.
SEARCH_KEY = "(CAST(strftime('%s', {t}published_at) AS INTEGER) * 1000000000 + {t}id)"

OLD_SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, summary, body,
        content='search_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE OF title, summary, body ON search_searchentry
    BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO search_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
    "DROP VIEW IF EXISTS search_fts_source",
    "DROP INDEX IF EXISTS search_entry_key",
]
SQLITE_CREATE = [
    f"CREATE UNIQUE INDEX search_entry_key ON search_searchentry({SEARCH_KEY.format(t='')})",
    f"""
    CREATE VIEW search_fts_source AS
    SELECT {SEARCH_KEY.format(t='e.')} AS key, e.title, e.summary, e.body, e.kind
    FROM search_searchentry e
    """,
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, summary, body, kind,
        content='search_fts_source', content_rowid='key',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    f"""
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title, summary, body, kind)
        VALUES ({SEARCH_KEY.format(t='new.')}, new.title, new.summary, new.body, new.kind);
    END
    """,
    f"""
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, summary, body, kind)
        VALUES ('delete', {SEARCH_KEY.format(t='old.')}, old.title, old.summary, old.body, old.kind);
    END
    """,
    f"""
    CREATE TRIGGER search_fts_update
    AFTER UPDATE OF title, summary, body, kind, published_at ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, summary, body, kind)
        VALUES ('delete', {SEARCH_KEY.format(t='old.')}, old.title, old.summary, old.body, old.kind);
        INSERT INTO search_fts(rowid, title, summary, body, kind)
        VALUES ({SEARCH_KEY.format(t='new.')}, new.title, new.summary, new.body, new.kind);
    END
    """,
    # Index every entry already there (minutes at a million rows).
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP + SQLITE_CREATE:
            schema_editor.execute(sql, params=None)  # None: take "%s" in strftime literally


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP + OLD_SQLITE_CREATE:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["-published_at", "-id"], name="search_date"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
