import GRDB

/// The registry's tables, as named migrations applied in order and never edited once shipped.
enum RegistrySchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-certificates") { db in
            // Every printed field is frozen in `content` (JSON); the columns beside it are the
            // ones looked up, constrained or audited. UNIQUE makes duplicates impossible.
            try db.execute(
                sql: """
                    CREATE TABLE certificate (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 20),
                        event_id TEXT NOT NULL,
                        identity TEXT NOT NULL CHECK (identity = lower(trim(identity))),
                        attendee_name TEXT NOT NULL,
                        content TEXT NOT NULL,
                        attended_seconds INTEGER NOT NULL,
                        required_seconds INTEGER NOT NULL,
                        live_seconds INTEGER NOT NULL,
                        rule TEXT NOT NULL,
                        evidence_sha256 TEXT,
                        template_name TEXT NOT NULL,
                        template_sha256 TEXT NOT NULL,
                        pdf_sha256 TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
                        issued_at TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('valid', 'revoked', 'superseded')),
                        UNIQUE (event_id, identity)
                    ) STRICT
                    """)
            try db.execute(sql: "CREATE INDEX certificate_by_event_time ON certificate (event_id, issued_at)")
        }
        return migrator
    }
}
