"""The store's tables, as numbered forward migrations; the version lives in the store.

Never edit a migration once released: add the next one. ``{id}`` stands for the dialect's
auto-numbered primary key column.
"""

from __future__ import annotations

from lumbung.subscribers.db import Database, StoreError

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: subscribers, with their consent, and their confirmation requests
    (
        """CREATE TABLE subscribers (
            id {id},
            address TEXT NOT NULL,
            address_key TEXT NOT NULL UNIQUE,
            language TEXT NOT NULL,
            status TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            consent TEXT NOT NULL,
            consent_text TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            confirmed_at TEXT,
            changed_at TEXT NOT NULL
        )""",
        "CREATE INDEX subscribers_status ON subscribers (status, id)",
        """CREATE TABLE confirmations (
            token_hash TEXT NOT NULL PRIMARY KEY,
            subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
            language TEXT NOT NULL,
            consent TEXT NOT NULL,
            consent_text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        )""",
        "CREATE INDEX confirmations_subscriber ON confirmations (subscriber_id, created_at)",
    ),
    # 2: bounce counting, the reason for a suppression, the send journal and its run locks
    (
        "ALTER TABLE subscribers ADD COLUMN soft_bounces INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE subscribers ADD COLUMN status_detail TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE runs (
            issue TEXT NOT NULL PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            holder TEXT,
            pid INTEGER,
            host TEXT,
            heartbeat_at TEXT
        )""",
        """CREATE TABLE deliveries (
            issue TEXT NOT NULL REFERENCES runs (issue) ON DELETE CASCADE,
            subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            code TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (issue, subscriber_id)
        )""",
    ),
)
CURRENT = len(MIGRATIONS)


def version(db: Database) -> int:
    with db.write() as tx:
        tx.run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = tx.one("SELECT version FROM schema_version")
        if row is None:
            tx.run("INSERT INTO schema_version (version) VALUES (0)")
            return 0
        return int(row["version"])


def migrate(db: Database, target: int = CURRENT) -> int:
    """Bring the store up to ``target``, one transaction per version; the version reached."""
    found = version(db)
    if found > CURRENT:
        raise StoreError(f"store: {db.where} has schema version {found}, newer than this "
                         f"Lumbung knows ({CURRENT}); update Lumbung before using it")
    for number in range(found + 1, target + 1):
        with db.write() as tx:
            row = tx.one("SELECT version FROM schema_version" + db.for_update)
            if row is not None and int(row["version"]) >= number:
                continue  # another process migrated it meanwhile
            for statement in MIGRATIONS[number - 1]:
                tx.run(statement.replace("{id}", db.id_column))
            tx.run("UPDATE schema_version SET version = :number", number=number)
    return max(found, target)
