"""The hosted register's security, enforced by PostgreSQL itself (all of its DDL is here).

* Four group roles mirror the application roles (``qandas_administrator`` … ``qandas_read_only``)
  and get GRANTs by table kind: read-only may write nothing of the register, a case worker may
  not touch users, reference data, plans or the audit log.
* Each Qandas user signs in with an own login role ``q_<login>`` that is a member of one group.
  Login roles are created, re-grouped, disabled and given passwords only through the SECURITY
  DEFINER function ``qandas_manage_login``, which checks that the caller is an administrator
  (or changes their own password): no one needs CREATEROLE.
* The audit log is append-only for every role: only INSERT is granted, and a trigger refuses
  UPDATE, DELETE and TRUNCATE even from the owner.
* Every change to a register table writes its audit entries from statement-level triggers with
  transition tables (one entry per changed row, built set-based, inserted in one statement),
  linked into the hash chain exactly as ``storage.audit.entry_hash_v2`` computes it, so a change
  made with ``psql`` is audited and ``audit verify`` stays ok. Values are stored as text (numbers,
  dates and flags alike) so that the SQL and the Python serialisation agree byte for byte. The
  head (``audit.head_hash``/``audit.count``) moves once per transaction, at commit
  (``qandas_audit_settle``, a deferred constraint trigger), not once per row.
* The audit head (``setting`` rows ``audit.*``) may be written by every role, other settings
  only by supervisors and administrators (row-level security); a head hash that is not the
  newest entry's hash is refused.

``install`` is idempotent: it runs at host init and again at every host start (after a
migration added a table, the table gets its GRANTs and triggers; a register installed by an
earlier version loses its row triggers and gets the statement triggers). It runs as the owner.
"""
from __future__ import annotations

import functools

import sqlalchemy as sa

from domain.permissions import Role
from storage import tables

GROUPS = {role: f"qandas_{role}" for role in Role.ALL}
LOGIN_PREFIX = "q_"
AUDIT_LOCK_KEY = 7354012  # the same advisory lock as storage.audit._lock_chain
# Serialises schema changes (migrate, seed, ``install``): two seats starting at once on a fresh or
# older register would otherwise both create the same tables, rows and roles.
SCHEMA_LOCK_KEY = 7354013

USERS = {"app_user"}
SETTINGS = {"setting"}
AUDIT = {"audit_log"}
REFERENCE = {"region", "region_alias", "country", "mrp_rate", "receiving_region", "support_rule"}
SUPERVISED = {"quota_plan", "closed_month", "education_quota", "employment_plan"}
# kept by the application from other rows (search keys, running totals, counters): a trigger
# entry for them would only repeat the entry of the row they derive from
DERIVED = {"person_search_token", "subsidy_due_total", "subsidy_paid_total", "case_number_counter"}
# what a user changes in their own row: sign-in counters, their own password
OWN_ROW_COLUMNS = ("failed_logins", "locked_until", "last_login_at", "password_hash", "version", "updated_at",
                   "updated_by")
SKIPPED_KEYS = ("search_key", "sort_key", "head_sort_key", "content")  # as storage.audit.SKIPPED_COLUMNS
BOOKKEEPING_KEYS = ("version", "updated_at", "updated_by")


def login_role(login: str) -> str:
    return LOGIN_PREFIX + login


def register_tables() -> list[str]:
    return [table.name for table in tables.metadata.sorted_tables]


@functools.lru_cache(maxsize=1)
def audited_tables() -> list[str]:
    return [name for name in register_tables() if name not in AUDIT | SETTINGS | DERIVED]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _grants() -> list[str]:
    names = register_tables()
    case_tables = [n for n in names if n not in USERS | SETTINGS | AUDIT | REFERENCE | SUPERVISED]
    everyone = ", ".join(_q(g) for g in GROUPS.values())
    admin, supervisor = GROUPS[Role.ADMINISTRATOR], GROUPS[Role.SUPERVISOR]
    case_worker = GROUPS[Role.CASE_WORKER]

    def dml(table_names, *groups):
        return [f"GRANT INSERT, UPDATE, DELETE ON {_q(t)} TO {', '.join(_q(g) for g in groups)}"
                for t in table_names]
    statements = [
        "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public FROM {everyone}",
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {everyone}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}",
        f"GRANT INSERT ON audit_log TO {everyone}",
        # retention erases values only (the trigger qandas_audit_refuse checks the rest)
        f"GRANT UPDATE (before, after, values_salt, erased_at) ON audit_log TO {_q(admin)}",
        f"GRANT INSERT, UPDATE ON setting TO {everyone}",
        f"GRANT UPDATE ({', '.join(OWN_ROW_COLUMNS)}) ON app_user TO {everyone}",
        *dml(case_tables, case_worker, supervisor, admin),
        *dml(SUPERVISED & set(names), supervisor, admin),
        *dml(REFERENCE & set(names), admin),
        *dml(USERS, admin),
        f"GRANT DELETE ON setting TO {_q(admin)}",
    ]
    return statements


_GROUP_DDL = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN
    CREATE ROLE {name} NOLOGIN;
  END IF;
END $$"""

# Users: everyone reads the list (names of colleagues, who is responsible); a user changes only
# their own row (the columns granted above), an administrator every row.
_USER_POLICIES = """
ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS app_user_read ON app_user;
DROP POLICY IF EXISTS app_user_own ON app_user;
DROP POLICY IF EXISTS app_user_administrator ON app_user;
CREATE POLICY app_user_read ON app_user FOR SELECT USING (true);
CREATE POLICY app_user_own ON app_user FOR UPDATE USING ('q_' || login = session_user)
  WITH CHECK ('q_' || login = session_user);
CREATE POLICY app_user_administrator ON app_user FOR ALL TO qandas_administrator USING (true) WITH CHECK (true);
"""

# Settings: every role moves the audit head; supervisors and administrators change the others,
# except the sign-in policy (``security.*``), which only administrators change.
_SETTING_POLICIES = """
ALTER TABLE setting ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS setting_read ON setting;
DROP POLICY IF EXISTS setting_audit_head ON setting;
DROP POLICY IF EXISTS setting_supervisor ON setting;
DROP POLICY IF EXISTS setting_administrator ON setting;
CREATE POLICY setting_read ON setting FOR SELECT USING (true);
CREATE POLICY setting_audit_head ON setting FOR ALL
  USING (key IN ('audit.head_hash', 'audit.count')) WITH CHECK (key IN ('audit.head_hash', 'audit.count'));
CREATE POLICY setting_supervisor ON setting FOR ALL TO qandas_supervisor
  USING (key NOT LIKE 'security.%') WITH CHECK (key NOT LIKE 'security.%');
CREATE POLICY setting_administrator ON setting FOR ALL TO qandas_administrator USING (true) WITH CHECK (true);
"""

_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION qandas_audit_actor() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN session_user LIKE 'q\_%' THEN substr(session_user, 3)
              ELSE coalesce(nullif(current_setting('qandas.actor', true), ''), session_user) END
$$;

-- One column's value as the audit log keeps it, as JSON text: text or null, secrets masked
-- (what Python's json.dumps gives for storage.audit.plain of the value; to_json(text) escapes as
-- json.dumps does). A single STABLE expression (to_json is STABLE), so the planner inlines it into
-- the queries below; declared IMMUTABLE it was called as a function, ~20 µs a value.
CREATE OR REPLACE FUNCTION qandas_audit_text(p_key text, p_value jsonb) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN 'null'
              WHEN p_key = 'password_hash' THEN '"***"'
              WHEN jsonb_typeof(p_value) = 'string' THEN to_json(p_value #>> '{}')::text
              ELSE to_json(p_value::text)::text END
$$;

-- The entries of one statement (storage.audit.chain_row in SQL), appended in one pass: the rows
-- come from the statement's transition tables (qandas_old / qandas_new), their values are turned
-- into the canonical JSON text of json.dumps(sort_keys=True, separators=(",", ":")) set-based, then
-- each entry is hashed after the previous one, under the same advisory lock as the application.
-- The head (setting audit.head_hash / audit.count) is moved once per transaction, at commit, by
-- qandas_audit_settle: moving it per row or per statement rewrote the same two setting rows
-- hundreds of thousands of times in an import's one transaction (row versions piling up).
CREATE OR REPLACE FUNCTION qandas_audit_statement() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  prev text; occurred timestamp := date_trunc('second', localtimestamp); actor text := qandas_audit_actor();
  salt text; values_hash text; digest text; middle text; appended bigint := 0; r record; entries refcursor;
  entity_ids text[] := '{}'; befores text[] := '{}'; afters text[] := '{}'; salts text[] := '{}';
  values_hashes text[] := '{}'; prevs text[] := '{}'; digests text[] := '{}';
BEGIN
  IF TG_OP = 'INSERT' THEN
    OPEN entries FOR
      SELECT w.position, w.entity_id, 'null' AS before_text,
             '{' || coalesce((SELECT string_agg(to_json(e.key)::text || ':' || qandas_audit_text(e.key, e.value), ','
                                                ORDER BY e.key COLLATE "C")
                              FROM jsonb_each(w.j) AS e WHERE e.key <> ALL (ARRAY[__SKIPPED__])), '') || '}'
               AS after_text
      FROM (SELECT row_number() OVER () AS position, j, coalesce(j ->> 'id', j ->> 'code', j ->> 'key') AS entity_id
            FROM (SELECT to_jsonb(n) AS j FROM qandas_new AS n OFFSET 0) AS rows_of_statement) AS w
      ORDER BY w.position;
  ELSIF TG_OP = 'DELETE' THEN
    OPEN entries FOR
      SELECT w.position, w.entity_id,
             '{' || coalesce((SELECT string_agg(to_json(e.key)::text || ':' || qandas_audit_text(e.key, e.value), ','
                                                ORDER BY e.key COLLATE "C")
                              FROM jsonb_each(w.j) AS e WHERE e.key <> ALL (ARRAY[__SKIPPED__])), '') || '}'
               AS before_text, 'null' AS after_text
      FROM (SELECT row_number() OVER () AS position, j, coalesce(j ->> 'id', j ->> 'code', j ->> 'key') AS entity_id
            FROM (SELECT to_jsonb(o) AS j FROM qandas_old AS o OFFSET 0) AS rows_of_statement) AS w
      ORDER BY w.position;
  ELSE
    -- old and new rows paired by position: PostgreSQL stores each updated row's old and new
    -- version in the two transition tables together, so the n-th of one is the n-th of the other
    -- (also when the key itself changed); an entry only when more than bookkeeping changed
    OPEN entries FOR
      WITH o AS MATERIALIZED (SELECT row_number() OVER () AS position, to_jsonb(x) AS j FROM qandas_old AS x),
           n AS MATERIALIZED (SELECT row_number() OVER () AS position, to_jsonb(x) AS j FROM qandas_new AS x),
           pairs AS (SELECT n.position, coalesce(n.j ->> 'id', n.j ->> 'code', n.j ->> 'key') AS entity_id,
                            o.j AS oj, n.j AS nj
                     FROM n JOIN o ON o.position = n.position),
           changed AS (SELECT p.position, p.entity_id, k.key, qandas_audit_text(k.key, p.oj -> k.key) AS before_value,
                              qandas_audit_text(k.key, p.nj -> k.key) AS after_value
                       FROM pairs AS p, LATERAL (SELECT jsonb_object_keys(p.nj || p.oj) AS key) AS k
                       WHERE k.key <> ALL (ARRAY[__SKIPPED__]))
      SELECT c.position, c.entity_id,
             '{' || string_agg(to_json(c.key)::text || ':' || c.before_value, ',' ORDER BY c.key COLLATE "C") || '}'
               AS before_text,
             '{' || string_agg(to_json(c.key)::text || ':' || c.after_value, ',' ORDER BY c.key COLLATE "C") || '}'
               AS after_text
      FROM changed AS c
      WHERE c.before_value IS DISTINCT FROM c.after_value
      GROUP BY c.position, c.entity_id
      HAVING bool_or(c.key <> ALL (ARRAY[__BOOKKEEPING__]))
      ORDER BY c.position, c.entity_id;
  END IF;
  LOOP
    FETCH entries INTO r;
    EXIT WHEN NOT FOUND;
    IF appended = 0 THEN  -- the chain is locked only by a statement that writes an entry
      PERFORM pg_advisory_xact_lock(__LOCK__);
      SELECT hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
      prev := coalesce(prev, repeat('0', 64));
      -- what every entry of the statement hashes alike, after its previous hash
      middle := ',' || to_json(to_char(occurred, 'YYYY-MM-DD"T"HH24:MI:SS'))::text || ',' || to_json(actor)::text ||
                ',' || to_json(lower(TG_OP))::text || ',' || to_json(TG_TABLE_NAME::text)::text || ',';
    END IF;
    salt := replace(gen_random_uuid()::text, '-', '');
    values_hash := encode(sha256(convert_to('["' || salt || '",' || r.before_text || ',' || r.after_text || ']',
                                            'UTF8')), 'hex');
    digest := encode(sha256(convert_to('["v2","' || prev || '"' || middle || coalesce(to_json(r.entity_id)::text, 'null')
                                       || ',"' || values_hash || '",null]', 'UTF8')), 'hex');
    IF appended = 0 THEN  -- this insert queues the head's move at commit; once is enough
      INSERT INTO audit_log (occurred_at, actor_login, action, entity, entity_id, before, after, values_salt,
                             values_digest, legacy_hash, erased_at, prev_hash, hash)
      VALUES (occurred, actor, lower(TG_OP), TG_TABLE_NAME, r.entity_id, r.before_text::json, r.after_text::json,
              salt, values_hash, NULL, NULL, prev, digest);
      PERFORM set_config('qandas.audit_settle', 'queued', true);
    ELSE  -- the others in one INSERT below (one executor start instead of one a row)
      entity_ids := entity_ids || r.entity_id; befores := befores || r.before_text; afters := afters || r.after_text;
      salts := salts || salt; values_hashes := values_hashes || values_hash; prevs := prevs || prev;
      digests := digests || digest;
    END IF;
    prev := digest;
    appended := appended + 1;
  END LOOP;
  IF appended > 1 THEN  -- ids follow the ORDER BY, so the chain runs in id order as verify reads it
    INSERT INTO audit_log (occurred_at, actor_login, action, entity, entity_id, before, after, values_salt,
                           values_digest, legacy_hash, erased_at, prev_hash, hash)
    SELECT occurred, actor, lower(TG_OP), TG_TABLE_NAME, e.entity_id, e.before_text::json, e.after_text::json,
           e.salt, e.values_hash, NULL, NULL, e.prev, e.digest
    FROM unnest(entity_ids, befores, afters, salts, values_hashes, prevs, digests) WITH ORDINALITY
         AS e(entity_id, before_text, after_text, salt, values_hash, prev, digest, position)
    ORDER BY e.position;
  END IF;
  CLOSE entries;
  IF appended > 0 THEN  -- entries the head does not count yet (qandas_audit_settle, storage.audit)
    PERFORM set_config('qandas.audit_pending', (coalesce(nullif(current_setting('qandas.audit_pending', true), ''),
                                                         '0')::bigint + appended)::text, true);
  END IF;
  RETURN NULL;
END $$;

-- At commit (a deferred constraint trigger, queued once per transaction): the head names the
-- newest entry and counts the entries the statements appended. A transaction that writes through
-- the application as well stays right: storage.audit.append_entries adds the pending entries to
-- the count it writes and sets them to zero.
CREATE OR REPLACE FUNCTION qandas_audit_settle() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  newest text; pending bigint; total bigint; occurred timestamp := date_trunc('second', localtimestamp);
  actor text := qandas_audit_actor();
BEGIN
  PERFORM set_config('qandas.audit_settle', '', true);  -- (SET CONSTRAINTS … IMMEDIATE: queue again)
  PERFORM pg_advisory_xact_lock(__LOCK__);
  pending := coalesce(nullif(current_setting('qandas.audit_pending', true), ''), '0')::bigint;
  SELECT hash INTO newest FROM audit_log ORDER BY id DESC LIMIT 1;
  IF pending = 0 AND newest IS NOT DISTINCT FROM (SELECT value FROM setting WHERE key = 'audit.head_hash') THEN
    RETURN NULL;
  END IF;
  SELECT value::bigint INTO total FROM setting WHERE key = 'audit.count';
  total := CASE WHEN total IS NULL THEN (SELECT count(*) FROM audit_log) ELSE total + pending END;
  INSERT INTO setting (key, value, updated_at, updated_by) VALUES ('audit.head_hash', newest, occurred, actor)
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at,
                                  updated_by = EXCLUDED.updated_by;
  INSERT INTO setting (key, value, updated_at, updated_by) VALUES ('audit.count', total::text, occurred, actor)
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at,
                                  updated_by = EXCLUDED.updated_by;
  PERFORM set_config('qandas.audit_pending', '0', true);
  RETURN NULL;
END $$;

-- Append-only, with one exception: an administrator (retention, issue #19) may erase an entry's
-- values and salt, once, leaving every hashed column as it was, so the chain still verifies.
CREATE OR REPLACE FUNCTION qandas_audit_refuse() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.values_digest IS NOT NULL AND OLD.erased_at IS NULL
     AND NEW.erased_at IS NOT NULL AND NEW.before IS NULL AND NEW.after IS NULL AND NEW.values_salt IS NULL
     AND (NEW.id, NEW.occurred_at, NEW.actor_login, NEW.action, NEW.entity, NEW.entity_id, NEW.prev_hash,
          NEW.hash, NEW.values_digest, NEW.legacy_hash)
         IS NOT DISTINCT FROM (OLD.id, OLD.occurred_at, OLD.actor_login, OLD.action, OLD.entity, OLD.entity_id,
                               OLD.prev_hash, OLD.hash, OLD.values_digest, OLD.legacy_hash)
     AND (pg_has_role(session_user, 'qandas_administrator', 'MEMBER')
          OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = '42501';
END $$;

-- The audit head may only name the newest entry (a forged head would hide a cut tail).
CREATE OR REPLACE FUNCTION qandas_audit_head_check() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
BEGIN
  IF NEW.key = 'audit.head_hash' AND NEW.value IS DISTINCT FROM
       (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) THEN
    RAISE EXCEPTION 'the audit head must be the newest entry' USING ERRCODE = '42501';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.key IN ('audit.head_hash', 'audit.count') AND NEW.key <> OLD.key THEN
    RAISE EXCEPTION 'the audit head cannot be renamed' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION qandas_manage_login(p_action text, p_login text, p_role text, p_password text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  target text := 'q_' || p_login; grp text;
BEGIN
  IF NOT (pg_has_role(session_user, 'qandas_administrator', 'MEMBER')
          OR (p_action = 'password' AND session_user = target)
          OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)) THEN
    RAISE EXCEPTION 'only an administrator manages sign-ins' USING ERRCODE = '42501';
  END IF;
  IF p_role IS NOT NULL AND p_role NOT IN (__ROLES__) THEN
    RAISE EXCEPTION 'unknown role %', p_role USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = target) THEN
    EXECUTE format('CREATE ROLE %I NOLOGIN', target);
  END IF;
  IF p_action IN ('create', 'role') THEN
    FOREACH grp IN ARRAY ARRAY[__GROUPS__] LOOP
      IF EXISTS (SELECT FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                 JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = grp AND u.rolname = target) THEN
        EXECUTE format('REVOKE %I FROM %I', grp, target);
      END IF;
    END LOOP;
    EXECUTE format('GRANT %I TO %I', 'qandas_' || p_role, target);
  END IF;
  IF p_password IS NOT NULL THEN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', target, p_password);
  END IF;
  IF p_action = 'disable' THEN
    EXECUTE format('ALTER ROLE %I NOLOGIN', target);
  ELSIF p_action IN ('enable', 'create') OR p_password IS NOT NULL THEN
    EXECUTE format('ALTER ROLE %I LOGIN', target);
  END IF;
END $$;
REVOKE ALL ON FUNCTION qandas_manage_login(text, text, text, text) FROM PUBLIC;
"""


def _functions_sql() -> str:
    return (_FUNCTIONS.replace("__LOCK__", str(AUDIT_LOCK_KEY))
            .replace("__SKIPPED__", ", ".join(f"'{k}'" for k in SKIPPED_KEYS))
            .replace("__BOOKKEEPING__", ", ".join(f"'{k}'" for k in BOOKKEEPING_KEYS))
            .replace("__ROLES__", ", ".join(f"'{r}'" for r in Role.ALL))
            .replace("__GROUPS__", ", ".join(f"'{g}'" for g in GROUPS.values())))


def _trigger_sql() -> list[str]:
    statements = [
        "DROP TRIGGER IF EXISTS qandas_append_only ON audit_log",
        "CREATE TRIGGER qandas_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION qandas_audit_refuse()",
        "DROP TRIGGER IF EXISTS qandas_append_only_truncate ON audit_log",
        "CREATE TRIGGER qandas_append_only_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION qandas_audit_refuse()",
        "DROP TRIGGER IF EXISTS qandas_audit_head ON setting",
        "CREATE TRIGGER qandas_audit_head BEFORE INSERT OR UPDATE ON setting "
        "FOR EACH ROW EXECUTE FUNCTION qandas_audit_head_check()",
    ]
    statements += [
        "DROP TRIGGER IF EXISTS qandas_audit_settle ON audit_log",
        "CREATE CONSTRAINT TRIGGER qandas_audit_settle AFTER INSERT ON audit_log DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW WHEN (coalesce(current_setting('qandas.audit_settle', true), '') <> 'queued') "
        "EXECUTE FUNCTION qandas_audit_settle()",
    ]
    for name in audited_tables():
        for event, referencing in STATEMENT_TRIGGERS:
            statements += [f"DROP TRIGGER IF EXISTS qandas_audit_{event.lower()} ON {_q(name)}",
                           f"CREATE TRIGGER qandas_audit_{event.lower()} AFTER {event} ON {_q(name)} "
                           f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION qandas_audit_statement()"]
    # what installs before the statement audit left (a row trigger per table and its functions);
    # CASCADE also takes the row trigger off a table that is no longer audited
    statements += ["DROP FUNCTION IF EXISTS qandas_audit_row() CASCADE",
                   "DROP FUNCTION IF EXISTS qandas_audit_append(text, text, text, jsonb, jsonb)",
                   "DROP FUNCTION IF EXISTS qandas_audit_json(jsonb)",
                   "DROP FUNCTION IF EXISTS qandas_audit_values(jsonb)"]
    return statements


# one statement-level trigger per event: a trigger with transition tables serves one event only
STATEMENT_TRIGGERS = (("INSERT", "NEW TABLE AS qandas_new"),
                      ("UPDATE", "OLD TABLE AS qandas_old NEW TABLE AS qandas_new"),
                      ("DELETE", "OLD TABLE AS qandas_old"))


def _run(connection: sa.Connection, sql: str) -> None:
    """DDL with ``%`` in it (format strings of PL/pgSQL) goes to the driver without parameters."""
    with connection.connection.dbapi_connection.cursor() as cursor:
        cursor.execute(sql)


def install(connection: sa.Connection) -> None:
    """Groups, GRANTs, policies and triggers on the register (as its owner, in one transaction).

    Under a transaction-level lock: a session lock released before the caller commits would let a
    second installer create the same roles while the first's are still uncommitted."""
    _run(connection, f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK_KEY})")
    for name in GROUPS.values():
        _run(connection, _GROUP_DDL.format(name=name))
    _run(connection, _functions_sql())
    for name in GROUPS.values():
        _run(connection, f"GRANT EXECUTE ON FUNCTION qandas_manage_login(text, text, text, text) TO {name}")
    for statement in _grants():
        _run(connection, statement)
    _run(connection, _SETTING_POLICIES)
    _run(connection, _USER_POLICIES)
    for statement in _trigger_sql():
        _run(connection, statement)


def manage_login(connection: sa.Connection, action: str, login: str, role: str | None = None,
                 password: str | None = None) -> None:
    """``create`` / ``role`` / ``password`` / ``disable`` / ``enable`` a user's login role, inside the
    caller's transaction (so it commits with the user row it belongs to)."""
    connection.execute(sa.text("SELECT qandas_manage_login(:action, :login, :role, :password)"),
                       {"action": action, "login": login, "role": role, "password": password})


def create_user_logins(connection: sa.Connection, passwords: dict[str, str]) -> int:
    """A login role for every user of the register (host init): active users whose password is
    given may sign in at once, the others stay NOLOGIN until an administrator sets a password."""
    users = connection.execute(sa.select(tables.app_user.c.login, tables.app_user.c.role,
                                         tables.app_user.c.active)).all()
    for login, role, active in users:
        manage_login(connection, "role", login, role)
        if active and login in passwords:
            manage_login(connection, "password", login, None, passwords[login])
    return len(users)


# --- what the application asks of a database ---------------------------------------------------
_HOSTED: dict[str, bool] = {}


def is_hosted(connection: sa.Connection) -> bool:
    """Whether this database enforces the roles itself (``install`` ran on it); cached per URL."""
    if connection.dialect.name != "postgresql":
        return False
    key = connection.engine.url.render_as_string(hide_password=True)
    if key not in _HOSTED:
        _HOSTED[key] = connection.exec_driver_sql(
            "SELECT to_regproc('qandas_manage_login') IS NOT NULL").scalar() is True
    return _HOSTED[key]


def forget(url: str | None = None) -> None:
    """After ``install`` or a restore the answer of ``is_hosted`` may change."""
    if url is None:
        _HOSTED.clear()
    else:
        _HOSTED.pop(sa.make_url(url).render_as_string(hide_password=True), None)


TRIGGER_ACTIONS = frozenset({"insert", "update", "delete"})


def written_by_trigger(entity: str, action: str) -> bool:
    """An entry the database's trigger writes itself on a hosted register (the application's copy
    of it would be a duplicate)."""
    return action in TRIGGER_ACTIONS and entity in set(audited_tables())


def set_actor(connection: sa.Connection, login: str) -> None:
    """Names the person behind the owner's connection (the CLI's migrations) in trigger entries;
    a login role's entries always name the login role, whatever this says."""
    connection.execute(sa.text("SELECT set_config('qandas.actor', :login, true)"), {"login": login})
