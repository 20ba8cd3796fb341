/// The registry's tables in PostgreSQL, as named migrations applied in order and never edited
/// once shipped (`cpdcert_migration` lists those applied). The tables are SQLite's (see
/// CPDRegistry's RegistrySchema) as they stand after its last migration, in PostgreSQL's types,
/// with three differences:
///
/// - Times are kept as the same UTC ISO 8601 text, not `timestamptz`: every time is also inside a
///   log entry's canonical bytes, and a registry copied between SQLite and PostgreSQL must read
///   back the very bytes it was given (equal checkpoint roots).
/// - Keys and the columns pages are ordered by use the "C" collation: byte order, as in SQLite,
///   whatever the database's locale.
/// - The log's order is kept by `log_head`, one row holding the log's size. Every transaction
///   that appends takes that row `FOR UPDATE` first (so writers queue there, in commit order) and
///   a trigger on `log_entry` refuses any entry whose index is not the head's size and moves the
///   head on: the database itself refuses a gap or a repeated index, whoever writes. A sequence
///   would leave gaps on rollback; an advisory lock would not stop a writer that forgot it.
///
/// Rows that must never change refuse UPDATE, DELETE and TRUNCATE by trigger, for every role
/// (a superuser can drop the trigger: `cpdcert audit verify` catches what is changed then).
enum PostgresSchema {
    /// Every migration, in order.
    static let migrations: [(name: String, sql: String)] = [
        ("pg-v1-registry", registry),
        ("pg-v2-credentials-and-deliveries", credentialsAndDeliveries),
        ("pg-v3-work-claims", workClaims),
    ]

    static var names: [String] { migrations.map(\.name) }

    /// The tables append-only by trigger.
    static let appendOnlyTables = [
        "certificate", "status_history", "log_entry", "log_tree", "checkpoint", "attendance_record", "event_definition",
        "event_definition_revision", "archive_file", "rendering_inputs", "rendering_input_file", "certificate_rendering",
    ]

    static let appendOnlyTables2 = ["credential", "credential_key", "credential_status_list", "delivery_attempt"]

    static func appendOnly(_ tables: [String]) -> String {
        tables.map { table in
            """
            CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table)
                FOR EACH ROW EXECUTE FUNCTION cpdcert_append_only();
            CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table)
                FOR EACH STATEMENT EXECUTE FUNCTION cpdcert_append_only();
            """
        }.joined(separator: "\n")
    }

    static let registry =
        #"""
        CREATE FUNCTION cpdcert_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% rows are append-only: revoke or correct instead of editing or deleting', TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation';
        END $$;

        CREATE TABLE certificate (
            id text COLLATE "C" PRIMARY KEY CHECK (length(id) = 20),
            event_id text COLLATE "C" NOT NULL,
            identity text COLLATE "C" NOT NULL CHECK (identity = lower(btrim(identity))),
            attendee_name text NOT NULL,
            content text NOT NULL,
            attended_seconds bigint NOT NULL,
            required_seconds bigint NOT NULL,
            live_seconds bigint NOT NULL,
            rule text NOT NULL,
            evidence_sha256 text,
            template_name text NOT NULL,
            template_sha256 text NOT NULL,
            pdf_sha256 text COLLATE "C" NOT NULL CHECK (length(pdf_sha256) = 64),
            issued_at text COLLATE "C" NOT NULL,
            identity_salt text NOT NULL CHECK (length(identity_salt) = 32),
            supersedes text COLLATE "C" UNIQUE REFERENCES certificate (id),
            issued_by text
        );
        CREATE UNIQUE INDEX certificate_one_per_attendee ON certificate (event_id, identity) WHERE supersedes IS NULL;
        CREATE INDEX certificate_by_identity ON certificate (identity, issued_at);
        CREATE INDEX certificate_by_event ON certificate (event_id, id);
        CREATE INDEX certificate_by_pdf_sha256 ON certificate (pdf_sha256);

        CREATE TABLE status_history (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            certificate_id text COLLATE "C" NOT NULL REFERENCES certificate (id),
            status text NOT NULL CHECK (status IN ('revoked', 'superseded', 'valid')),
            reason text,
            note text,
            operator text NOT NULL,
            at text NOT NULL,
            replaced_by text COLLATE "C" UNIQUE REFERENCES certificate (id),
            CHECK ((status = 'superseded') = (replaced_by IS NOT NULL))
        );
        CREATE INDEX status_history_by_certificate ON status_history (certificate_id, seq);

        CREATE TABLE log_head (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            size bigint NOT NULL CHECK (size >= 0)
        );
        INSERT INTO log_head (size) VALUES (0);
        CREATE TRIGGER log_head_no_delete BEFORE DELETE OR TRUNCATE ON log_head
            FOR EACH STATEMENT EXECUTE FUNCTION cpdcert_append_only();

        CREATE TABLE log_entry (
            idx bigint PRIMARY KEY CHECK (idx >= 0),
            certificate_id text COLLATE "C"
                CHECK (certificate_id IS NOT NULL OR substr(body, 1, 10) = convert_to('{"record":', 'UTF8')),
            body bytea NOT NULL,
            leaf_hash bytea NOT NULL CHECK (length(leaf_hash) = 32)
        );
        CREATE INDEX log_entry_by_certificate ON log_entry (certificate_id) WHERE certificate_id IS NOT NULL;

        -- An entry is appended at the head and moves it on, or is refused: no gap, no repeat.
        CREATE FUNCTION cpdcert_log_append() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE log_head SET size = size + 1 WHERE size = NEW.idx;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'log entry % is not at the head of the log', NEW.idx USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER log_entry_at_head BEFORE INSERT ON log_entry FOR EACH ROW EXECUTE FUNCTION cpdcert_log_append();

        CREATE TABLE log_tree (
            level integer NOT NULL CHECK (level >= 1),
            idx bigint NOT NULL CHECK (idx >= 0),
            hash bytea NOT NULL CHECK (length(hash) = 32),
            PRIMARY KEY (level, idx)
        );

        CREATE TABLE checkpoint (
            size bigint PRIMARY KEY,
            root bytea NOT NULL CHECK (length(root) = 32),
            note text NOT NULL,
            created_at text NOT NULL
        );

        CREATE TABLE attendance_record (
            position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            event_id text COLLATE "C" NOT NULL,
            identity text COLLATE "C" NOT NULL,
            source_sha256 text COLLATE "C" NOT NULL,
            name text NOT NULL,
            attended_seconds bigint NOT NULL,
            required_seconds bigint NOT NULL,
            live_seconds bigint NOT NULL,
            rule text NOT NULL,
            eligible boolean NOT NULL,
            lines text NOT NULL,
            recorded_at text COLLATE "C" NOT NULL,
            identity_salt text NOT NULL,
            sources text NOT NULL DEFAULT '',
            PRIMARY KEY (event_id, identity, source_sha256)
        );

        CREATE TABLE event_definition (
            event_id text COLLATE "C" PRIMARY KEY,
            canonical bytea NOT NULL,
            sha256 text NOT NULL CHECK (length(sha256) = 64),
            frozen_at text NOT NULL
        );
        CREATE TABLE event_definition_revision (
            event_id text COLLATE "C" NOT NULL REFERENCES event_definition (event_id),
            revision integer NOT NULL CHECK (revision >= 1),
            canonical bytea NOT NULL,
            sha256 text NOT NULL CHECK (length(sha256) = 64),
            reason text NOT NULL,
            revised_at text NOT NULL,
            PRIMARY KEY (event_id, revision)
        );

        CREATE TABLE archive_file (
            sha256 text COLLATE "C" PRIMARY KEY CHECK (length(sha256) = 64),
            size bigint NOT NULL,
            bytes bytea NOT NULL
        );
        CREATE TABLE rendering_inputs (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            sha256 text COLLATE "C" NOT NULL UNIQUE CHECK (length(sha256) = 64),
            canonical bytea NOT NULL
        );
        CREATE TABLE rendering_input_file (
            inputs_id bigint NOT NULL REFERENCES rendering_inputs (id),
            sha256 text COLLATE "C" NOT NULL REFERENCES archive_file (sha256),
            PRIMARY KEY (inputs_id, sha256)
        );
        -- Written before the certificate it names (see CPDRegistry's archive), so no foreign key.
        CREATE TABLE certificate_rendering (
            certificate_id text COLLATE "C" PRIMARY KEY,
            inputs_id bigint NOT NULL REFERENCES rendering_inputs (id)
        );
        CREATE INDEX certificate_rendering_by_inputs ON certificate_rendering (inputs_id);
        """# + "\n" + appendOnly(appendOnlyTables)

    static let credentialsAndDeliveries =
        #"""
        CREATE TABLE credential (
            certificate_id text COLLATE "C" PRIMARY KEY REFERENCES certificate (id),
            status_index bigint NOT NULL UNIQUE CHECK (status_index >= 0),
            jws text NOT NULL,
            sha256 text NOT NULL CHECK (length(sha256) = 64)
        );
        CREATE TABLE credential_key (
            seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            key_id text COLLATE "C" PRIMARY KEY,
            origin text NOT NULL,
            public_key_pem text NOT NULL
        );
        CREATE TABLE credential_status_list (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            jws text NOT NULL
        );
        CREATE TABLE delivery_attempt (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            certificate_id text COLLATE "C" NOT NULL REFERENCES certificate (id),
            event_id text COLLATE "C" NOT NULL,
            attempt integer NOT NULL CHECK (attempt >= 1),
            outcome text NOT NULL CHECK (outcome IN ('accepted', 'temporary_failure', 'permanent_failure')),
            reply_code integer,
            reply_text text NOT NULL,
            message_id text NOT NULL,
            at double precision NOT NULL
        );
        CREATE INDEX delivery_attempt_by_event ON delivery_attempt (event_id, seq);
        """# + "\n" + appendOnly(appendOnlyTables2)
}

extension PostgresSchema {
    /// Work on one event shared by several runners (see `WorkClaims`): one row per person due,
    /// claimed under a lease by the database's clock, done once its PDF is durable somewhere.
    /// Not a record: rows change as runners claim, renew and write, and no log entry names them.
    static let workClaims =
        #"""
        CREATE TABLE work_claim (
            event_id text COLLATE "C" NOT NULL,
            identity text COLLATE "C" NOT NULL,
            position bigint GENERATED ALWAYS AS IDENTITY,
            holder text,
            lease_until timestamptz,
            written_to text,
            written_at timestamptz,
            PRIMARY KEY (event_id, identity)
        );
        CREATE INDEX work_claim_open ON work_claim (event_id, position) WHERE written_to IS NULL;
        CREATE INDEX work_claim_by_holder ON work_claim (holder) WHERE written_to IS NULL;
        """#
}
