import CPDCore
import Foundation
import GRDB

/// The registry's tables, as named migrations applied in order and never edited once shipped.
enum RegistrySchema {
    static var migrator: RegistryMigrator {
        var migrator = RegistryMigrator()
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
        migrator.registerMigration("v2-history-and-transparency-log") { db in
            try migrateToHistoryAndLog(db)
        }
        migrator.registerMigration("v3-pdf-hash-index") { db in
            // "Is this PDF a certificate as issued?" looks certificates up by their PDF's hash.
            try db.execute(sql: "CREATE INDEX certificate_by_pdf_sha256 ON certificate (pdf_sha256)")
        }
        migrator.registerMigration("v4-attendance-append-only") { db in
            // The evidence behind every verdict is as final as the certificates: recording the
            // same file again is ignored, a later file adds records, nothing edits or deletes one.
            try appendOnly("attendance_record", db)
        }
        migrator.registerMigration("v5-event-definitions") { db in
            // Each event's definition as first issued (EventDefinition's canonical JSON), so a
            // later run with a different one under the same id is refused, never silently reused.
            try db.execute(
                sql: """
                    CREATE TABLE event_definition (
                        event_id TEXT PRIMARY KEY NOT NULL,
                        canonical BLOB NOT NULL,
                        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                        frozen_at TEXT NOT NULL
                    ) STRICT;
                    CREATE TRIGGER event_definition_no_update BEFORE UPDATE ON event_definition
                    BEGIN SELECT RAISE(ABORT, 'event_definition rows are append-only: give a changed event a new id'); END;
                    CREATE TRIGGER event_definition_no_delete BEFORE DELETE ON event_definition
                    BEGIN SELECT RAISE(ABORT, 'event_definition rows are append-only'); END;
                    """)
        }
        // An event-wide correction makes a new definition the frozen one; the first stays in
        // event_definition and each later one is a numbered revision, so the history is kept.
        migrator.registerMigration("v8-event-definition-revisions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE event_definition_revision (
                        event_id TEXT NOT NULL REFERENCES event_definition (event_id),
                        revision INTEGER NOT NULL CHECK (revision >= 1),
                        canonical BLOB NOT NULL,
                        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                        reason TEXT NOT NULL,
                        revised_at TEXT NOT NULL,
                        PRIMARY KEY (event_id, revision)
                    ) STRICT;
                    CREATE TRIGGER event_definition_revision_no_update BEFORE UPDATE ON event_definition_revision
                    BEGIN SELECT RAISE(ABORT, 'event_definition_revision rows are append-only'); END;
                    CREATE TRIGGER event_definition_revision_no_delete BEFORE DELETE ON event_definition_revision
                    BEGIN SELECT RAISE(ABORT, 'event_definition_revision rows are append-only'); END;
                    """)
        }
        // A revocation made in error can be undone: status_change (one change per certificate)
        // becomes status_history, every change in order, the last one deciding (a change to
        // 'valid' is a reinstatement). The rows move over in the order they were made.
        migrator.registerMigration("v9-status-history") { db in
            try db.execute(
                sql: """
                    CREATE TABLE status_history (
                        seq INTEGER PRIMARY KEY NOT NULL,
                        certificate_id TEXT NOT NULL REFERENCES certificate(id),
                        status TEXT NOT NULL CHECK (status IN ('revoked', 'superseded', 'valid')),
                        reason TEXT,
                        note TEXT,
                        operator TEXT NOT NULL,
                        at TEXT NOT NULL,
                        replaced_by TEXT UNIQUE REFERENCES certificate(id),
                        CHECK ((status = 'superseded') = (replaced_by IS NOT NULL))
                    ) STRICT;
                    INSERT INTO status_history (certificate_id, status, reason, note, operator, at, replaced_by)
                        SELECT certificate_id, status, reason, note, operator, at, replaced_by FROM status_change ORDER BY rowid;
                    DROP TABLE status_change;
                    CREATE INDEX status_history_by_certificate ON status_history (certificate_id, seq);
                    CREATE TRIGGER status_history_no_update BEFORE UPDATE ON status_history
                    BEGIN SELECT RAISE(ABORT, 'status_history rows are append-only'); END;
                    CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history
                    BEGIN SELECT RAISE(ABORT, 'status_history rows are append-only'); END;
                    """)
        }
        migrator.registerMigration("v9-attendance-log") { db in
            try migrateToAttendanceLog(db)
        }
        // Named v6 as issue 13 planned it, applied after the v9s: the migrator applies, by name, what a registry lacks.
        migrator.registerMigration("v6-rendering-archive") { db in
            try migrateToRenderingArchive(db)
        }
        // The hash of every complete subtree of the log, so that a proof reads O(log n) of them
        // instead of every leaf; computed here for what is logged already (see LogTree).
        migrator.registerMigration("v10-log-tree") { db in
            try LogTree.create(db)
        }
        // Each certificate's signed Open Badges credential, frozen: its JWS, the JWS's hash (also
        // logged) and its bit in the status list, which is never given twice; every public key
        // credentials were signed with (the DID document lists them all); each signed status list.
        migrator.registerMigration("v11-credentials") { db in
            try db.execute(
                sql: """
                    CREATE TABLE credential (
                        certificate_id TEXT PRIMARY KEY NOT NULL REFERENCES certificate(id),
                        status_index INTEGER NOT NULL UNIQUE CHECK (status_index >= 0),
                        jws TEXT NOT NULL,
                        sha256 TEXT NOT NULL CHECK (length(sha256) = 64)
                    ) STRICT;
                    CREATE TABLE credential_key (
                        key_id TEXT PRIMARY KEY NOT NULL,
                        origin TEXT NOT NULL,
                        public_key_pem TEXT NOT NULL
                    ) STRICT;
                    CREATE TABLE credential_status_list (
                        seq INTEGER PRIMARY KEY NOT NULL,
                        jws TEXT NOT NULL
                    ) STRICT
                    """)
            for table in ["credential", "credential_key", "credential_status_list"] {
                try appendOnly(table, db)
            }
        }
        // Every attempt to deliver a certificate by email (cpdcert send), append-only.
        migrator.registerMigration("v11-delivery-log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE delivery_attempt (
                        seq INTEGER PRIMARY KEY,
                        certificate_id TEXT NOT NULL REFERENCES certificate (id),
                        event_id TEXT NOT NULL,
                        attempt INTEGER NOT NULL CHECK (attempt >= 1),
                        outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'temporary_failure', 'permanent_failure')),
                        reply_code INTEGER,
                        reply_text TEXT NOT NULL,
                        message_id TEXT NOT NULL,
                        at REAL NOT NULL
                    ) STRICT;
                    CREATE INDEX delivery_attempt_by_event ON delivery_attempt (event_id, seq);
                    """)
            try appendOnly("delivery_attempt", db)
        }
        // A record read from several attendance files keeps each file's SHA-256 and the person's
        // lines in it (`AttendanceRecord.sources`); records from one file keep '' there.
        migrator.registerMigration("v11-attendance-sources") { db in
            try db.execute(sql: "ALTER TABLE attendance_record ADD COLUMN sources TEXT NOT NULL DEFAULT ''")
        }
        // The organiser console (cpdcert console): accounts, secrets kept only as SHA-256 (set-password
        // links, sessions, API tokens), the events it holds with their owner, background jobs, and
        // an append-only record of who did what. Passwords are bcrypt hashes.
        migrator.registerMigration("v12-console") { db in
            try db.execute(
                sql: """
                    CREATE TABLE console_account (
                        id INTEGER PRIMARY KEY,
                        email TEXT NOT NULL UNIQUE CHECK (email = lower(trim(email)) AND email <> ''),
                        role TEXT NOT NULL CHECK (role IN ('admin', 'organiser', 'auditor')),
                        password_hash TEXT CHECK (password_hash IS NULL OR password_hash LIKE '$2%'),
                        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                        failed_logins INTEGER NOT NULL DEFAULT 0,
                        locked_until REAL,
                        created_at REAL NOT NULL
                    ) STRICT;
                    CREATE TABLE console_token (
                        hash TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 64),
                        kind TEXT NOT NULL CHECK (kind IN ('set_password', 'api', 'session')),
                        account_id INTEGER NOT NULL REFERENCES console_account (id),
                        label TEXT NOT NULL DEFAULT '',
                        created_at REAL NOT NULL,
                        expires_at REAL,
                        used_at REAL,
                        revoked_at REAL
                    ) STRICT;
                    CREATE INDEX console_token_by_account ON console_token (account_id, kind);
                    CREATE TABLE console_event (
                        event_id TEXT PRIMARY KEY NOT NULL,
                        owner_id INTEGER NOT NULL REFERENCES console_account (id),
                        definition BLOB NOT NULL,
                        attendance BLOB NOT NULL,
                        attendance_file TEXT NOT NULL,
                        created_at REAL NOT NULL
                    ) STRICT;
                    CREATE TABLE console_job (
                        id INTEGER PRIMARY KEY,
                        event_id TEXT NOT NULL REFERENCES console_event (event_id),
                        requested_by INTEGER NOT NULL REFERENCES console_account (id),
                        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'finished', 'failed')),
                        total INTEGER NOT NULL DEFAULT 0,
                        issued INTEGER NOT NULL DEFAULT 0,
                        failed INTEGER NOT NULL DEFAULT 0,
                        message TEXT NOT NULL DEFAULT '',
                        created_at REAL NOT NULL,
                        finished_at REAL
                    ) STRICT;
                    CREATE INDEX console_job_by_event ON console_job (event_id, id);
                    CREATE TABLE console_action (
                        seq INTEGER PRIMARY KEY,
                        at REAL NOT NULL,
                        account_email TEXT NOT NULL,
                        action TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        detail TEXT NOT NULL
                    ) STRICT;
                    """)
            try appendOnly("console_action", db)
        }
        // Who issued each certificate (the operator of its batch or correction); NULL for those
        // issued before it was recorded, whose log entries name no operator.
        migrator.registerMigration("v13-certificate-issued-by") { db in
            try db.execute(sql: "ALTER TABLE certificate ADD COLUMN issued_by TEXT")
        }
        // Console jobs that email an event's certificates (or one certificate again) beside the
        // batches that issue them; every earlier job issued.
        migrator.registerMigration("v14-console-send-jobs") { db in
            try db.execute(
                sql: """
                    ALTER TABLE console_job ADD COLUMN kind TEXT NOT NULL DEFAULT 'issue' CHECK (kind IN ('issue', 'send'));
                    ALTER TABLE console_job ADD COLUMN retry_failed INTEGER NOT NULL DEFAULT 0 CHECK (retry_failed IN (0, 1));
                    ALTER TABLE console_job ADD COLUMN certificate_id TEXT CHECK (certificate_id IS NULL OR kind = 'send');
                    """)
        }
        // Events an owner shares with other organisers.
        migrator.registerMigration("v15-console-event-shares") { db in
            try db.execute(
                sql: """
                    CREATE TABLE console_event_share (
                        event_id TEXT NOT NULL REFERENCES console_event (event_id),
                        account_id INTEGER NOT NULL REFERENCES console_account (id),
                        PRIMARY KEY (event_id, account_id)
                    ) STRICT;
                    """)
        }
        // Files added to a console event after its first report: more reports, a roster, aliases.
        migrator.registerMigration("v16-console-event-files") { db in
            try db.execute(
                sql: """
                    CREATE TABLE console_event_file (
                        seq INTEGER PRIMARY KEY,
                        event_id TEXT NOT NULL REFERENCES console_event (event_id),
                        kind TEXT NOT NULL CHECK (kind IN ('attendance', 'roster', 'aliases')),
                        file_name TEXT NOT NULL,
                        content BLOB NOT NULL
                    ) STRICT;
                    CREATE INDEX console_event_file_by_event ON console_event_file (event_id, seq);
                    """)
        }
        return migrator
    }

    /// Every attendance record gets its own entry in the transparency log, committing to the
    /// person with a salt of its own (`attendance_record.identity_salt`), so that an edited,
    /// deleted or added record is found by the audit. An attendance entry is about no
    /// certificate, so `log_entry.certificate_id` becomes NULL-able (only for such entries:
    /// canonical JSON sorts `record` first) and the table is rebuilt with the same triggers.
    /// Records kept before this migration are given a salt and logged now, in the order they
    /// were recorded, after every entry already in the log (which only grows).
    private static func migrateToAttendanceLog(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE log_entry_v9 (
                    idx INTEGER PRIMARY KEY NOT NULL CHECK (idx >= 0),
                    certificate_id TEXT CHECK (certificate_id IS NOT NULL OR substr(body, 1, 10) = CAST('{"record":' AS BLOB)),
                    body BLOB NOT NULL,
                    leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32)
                ) STRICT;
                INSERT INTO log_entry_v9 SELECT idx, certificate_id, body, leaf_hash FROM log_entry ORDER BY idx;
                DROP TABLE log_entry;
                ALTER TABLE log_entry_v9 RENAME TO log_entry;
                CREATE INDEX log_entry_by_certificate ON log_entry (certificate_id) WHERE certificate_id IS NOT NULL;

                ALTER TABLE attendance_record ADD COLUMN identity_salt TEXT NOT NULL DEFAULT '';
                DROP TRIGGER attendance_record_no_update;
                DROP TRIGGER attendance_record_no_delete;
                UPDATE attendance_record SET identity_salt = lower(hex(randomblob(16)));
                """)
        try appendOnly("log_entry", db)
        try appendOnly("attendance_record", db)
        var index = try LogWriter.nextIndex(db)
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM attendance_record ORDER BY rowid")
        while let row = try rows.next() {
            try LogWriter.appendLeaf(.attendanceRecorded(try SQLiteCertificateRegistry.attendanceRecord(row)), index: index, in: db)
            index += 1
        }
    }

    /// Certificates become immutable rows whose status is derived from an append-only history;
    /// a correction is a new row that names the one it supersedes; every issue and status change
    /// is an entry of an append-only Merkle log; checkpoints and per-batch attendance evidence
    /// are kept. Triggers refuse UPDATE and DELETE on everything that must never change.
    private static func migrateToHistoryAndLog(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE certificate_v2 (
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
                    identity_salt TEXT NOT NULL CHECK (length(identity_salt) = 32),
                    supersedes TEXT UNIQUE REFERENCES certificate_v2(id)
                ) STRICT;
                INSERT INTO certificate_v2
                    SELECT id, event_id, identity, attendee_name, content, attended_seconds, required_seconds,
                           live_seconds, rule, evidence_sha256, template_name, template_sha256, pdf_sha256,
                           issued_at, lower(hex(randomblob(16))), NULL
                    FROM certificate ORDER BY issued_at, id;
                DROP TABLE certificate;
                ALTER TABLE certificate_v2 RENAME TO certificate;
                CREATE UNIQUE INDEX certificate_one_per_attendee ON certificate (event_id, identity) WHERE supersedes IS NULL;
                CREATE INDEX certificate_by_identity ON certificate (identity, issued_at);

                CREATE TABLE status_change (
                    certificate_id TEXT PRIMARY KEY NOT NULL REFERENCES certificate(id),
                    status TEXT NOT NULL CHECK (status IN ('revoked', 'superseded')),
                    reason TEXT,
                    note TEXT,
                    operator TEXT NOT NULL,
                    at TEXT NOT NULL,
                    replaced_by TEXT UNIQUE REFERENCES certificate(id),
                    CHECK ((status = 'superseded') = (replaced_by IS NOT NULL))
                ) STRICT;

                CREATE TABLE log_entry (
                    idx INTEGER PRIMARY KEY NOT NULL CHECK (idx >= 0),
                    certificate_id TEXT NOT NULL,
                    body BLOB NOT NULL,
                    leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32)
                ) STRICT;
                CREATE INDEX log_entry_by_certificate ON log_entry (certificate_id);

                CREATE TABLE checkpoint (
                    size INTEGER PRIMARY KEY NOT NULL,
                    root BLOB NOT NULL CHECK (length(root) = 32),
                    note TEXT NOT NULL,
                    created_at TEXT NOT NULL
                ) STRICT;

                CREATE TABLE attendance_record (
                    event_id TEXT NOT NULL,
                    identity TEXT NOT NULL,
                    source_sha256 TEXT NOT NULL,
                    name TEXT NOT NULL,
                    attended_seconds INTEGER NOT NULL,
                    required_seconds INTEGER NOT NULL,
                    live_seconds INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    eligible INTEGER NOT NULL,
                    lines TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    PRIMARY KEY (event_id, identity, source_sha256)
                ) STRICT;
                """)
        for table in ["certificate", "status_change", "log_entry", "checkpoint"] {
            try appendOnly(table, db)
        }
        // Certificates issued before the log existed are logged now, in issue order.
        var index = 0
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM certificate ORDER BY issued_at, id")
        for row in rows {
            let certificate = try CertificateRow.decode(row, change: nil)
            try LogWriter.appendLeaf(.issued(certificate), index: index, in: db)
            index += 1
        }
    }
}

extension RegistrySchema {
    /// Triggers that refuse UPDATE and DELETE on `table`. The text of the triggers is part of
    /// shipped migrations: keep it as it is.
    /// Every file certificates are drawn from, once per distinct content; each distinct list of
    /// inputs (`RenderingInputs`' canonical JSON) with the files it names; and, per certificate,
    /// the list it was drawn from. A certificate's link is written before the certificate (a
    /// crash between leaves a link to an ID never issued, never a certificate without one), so it
    /// names the certificate without a foreign key.
    private static func migrateToRenderingArchive(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE archive_file (
                    sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
                    size INTEGER NOT NULL,
                    bytes BLOB NOT NULL
                ) STRICT;
                CREATE TABLE rendering_inputs (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
                    canonical BLOB NOT NULL
                ) STRICT;
                CREATE TABLE rendering_input_file (
                    inputs_id INTEGER NOT NULL REFERENCES rendering_inputs (id),
                    sha256 TEXT NOT NULL REFERENCES archive_file (sha256),
                    PRIMARY KEY (inputs_id, sha256)
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE certificate_rendering (
                    certificate_id TEXT PRIMARY KEY NOT NULL,
                    inputs_id INTEGER NOT NULL REFERENCES rendering_inputs (id)
                ) STRICT, WITHOUT ROWID;
                CREATE INDEX certificate_rendering_by_inputs ON certificate_rendering (inputs_id);
                """)
        for table in ["archive_file", "rendering_inputs", "rendering_input_file", "certificate_rendering"] {
            try appendOnly(table, db)
        }
    }

    static func appendOnly(_ table: String, _ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) rows are append-only: revoke or correct instead of editing'); END;
                CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) rows are append-only: revoke instead of deleting'); END;
                """)
    }
}

/// Appends log entries inside a write transaction.
enum LogWriter {
    static func nextIndex(_ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entry")) ?? 0
    }

    /// Appends `entry` as entry `index` and stores the subtree hashes it completes (`LogTree`).
    static func append(_ entry: TransparencyEntry, index: Int, in db: Database) throws {
        try LogTree.extend(leaf: appendLeaf(entry, index: index, in: db), at: index, in: db)
    }

    /// Appends the entry alone: what migrations before the log's tree was kept (v10) wrote;
    /// v10-log-tree computes the tree of everything they logged.
    @discardableResult
    static func appendLeaf(_ entry: TransparencyEntry, index: Int, in db: Database) throws -> SHA256Digest {
        let body = entry.canonicalBytes
        let leaf = MerkleTree.leafHash(body)
        let statement = try db.cachedStatement(sql: "INSERT INTO log_entry (idx, certificate_id, body, leaf_hash) VALUES (?, ?, ?, ?)")
        try statement.execute(arguments: [index, entry.certificateID?.compact, Data(body), Data(leaf.bytes)])
        return leaf
    }
}
