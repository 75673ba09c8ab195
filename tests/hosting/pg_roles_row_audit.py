# The install of storage/pg_roles.py before the statement audit (commit 3fb9119), kept as it was:
# tests/hosting/test_statement_audit.py installs it, then the current one, as a host start after an
# upgrade does.
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
* Every change to a register table writes its audit entry from a row trigger, linked into the
  hash chain exactly as ``storage.audit.entry_hash`` computes it, so a change made with ``psql``
  is audited and ``audit verify`` stays ok. Values are stored as text (numbers, dates and flags
  alike) so that the SQL and the Python serialisation agree byte for byte.
* The audit head (``setting`` rows ``audit.*``) may be written by every role, other settings
  only by supervisors and administrators (row-level security); a head hash that is not the
  newest entry's hash is refused.

``install`` is idempotent: it runs at host init and again at every host start (after a
migration added a table, the table gets its GRANTs and trigger). It runs as the owner.
"""
from __future__ import annotations

import functools

import sqlalchemy as sa

from domain.permissions import Role
from storage import tables

GROUPS = {role: f"qandas_{role}" for role in Role.ALL}
LOGIN_PREFIX = "q_"
AUDIT_LOCK_KEY = 7354012  # the same advisory lock as storage.audit._lock_chain

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

-- A row's values as the audit log keeps them: text or null per column, secrets masked.
CREATE OR REPLACE FUNCTION qandas_audit_values(row_json jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(key, CASE
           WHEN key = 'password_hash' AND jsonb_typeof(value) <> 'null' THEN to_jsonb('***'::text)
           WHEN jsonb_typeof(value) = 'null' THEN 'null'::jsonb
           WHEN jsonb_typeof(value) = 'string' THEN value
           ELSE to_jsonb(value::text) END), '{}'::jsonb)
  FROM jsonb_each(row_json) WHERE key <> ALL (ARRAY['search_key', 'sort_key', 'head_sort_key', 'content'])
$$;

-- The JSON text Python's json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
-- gives for a flat object of strings and nulls (to_json(text) escapes as json.dumps does).
CREATE OR REPLACE FUNCTION qandas_audit_json(value jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN 'null' ELSE '{' || coalesce((
    SELECT string_agg(to_json(key)::text || ':' ||
                      CASE WHEN jsonb_typeof(v) = 'null' THEN 'null' ELSE to_json(v #>> '{}')::text END,
                      ',' ORDER BY key COLLATE "C")
    FROM jsonb_each(value) AS e(key, v)), '') || '}' END
$$;

-- Append one entry to the chain (storage.audit.chain_row in SQL): same lock, same head, same
-- format: the hash covers a salted digest of the values (storage.audit.values_digest and
-- entry_hash_v2), so retention can erase the values of a trigger-written entry too.
CREATE OR REPLACE FUNCTION qandas_audit_append(p_action text, p_entity text, p_entity_id text,
                                               p_before jsonb, p_after jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  prev text; occurred timestamp := date_trunc('second', localtimestamp); actor text := qandas_audit_actor();
  before_text text := qandas_audit_json(p_before); after_text text := qandas_audit_json(p_after);
  salt text := replace(gen_random_uuid()::text, '-', '');
  values_hash text; digest text; total bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(__LOCK__);
  SELECT hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  values_hash := encode(sha256(convert_to('[' || to_json(salt)::text || ',' || before_text || ',' ||
      after_text || ']', 'UTF8')), 'hex');
  digest := encode(sha256(convert_to('["v2",' || to_json(prev)::text || ',' ||
      to_json(to_char(occurred, 'YYYY-MM-DD"T"HH24:MI:SS'))::text || ',' || to_json(actor)::text || ',' ||
      to_json(p_action)::text || ',' || to_json(p_entity)::text || ',' ||
      coalesce(to_json(p_entity_id)::text, 'null') || ',' || to_json(values_hash)::text || ',null]',
      'UTF8')), 'hex');
  INSERT INTO audit_log (occurred_at, actor_login, action, entity, entity_id, before, after, values_salt,
                         values_digest, legacy_hash, erased_at, prev_hash, hash)
  VALUES (occurred, actor, p_action, p_entity, p_entity_id, before_text::json, after_text::json, salt,
          values_hash, NULL, NULL, prev, digest);
  SELECT value::bigint INTO total FROM setting WHERE key = 'audit.count';
  IF total IS NULL THEN SELECT count(*) - 1 INTO total FROM audit_log; END IF;
  INSERT INTO setting (key, value, updated_at, updated_by) VALUES ('audit.head_hash', digest, occurred, actor)
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at,
                                  updated_by = EXCLUDED.updated_by;
  INSERT INTO setting (key, value, updated_at, updated_by) VALUES ('audit.count', (total + 1)::text, occurred, actor)
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at,
                                  updated_by = EXCLUDED.updated_by;
END $$;

CREATE OR REPLACE FUNCTION qandas_audit_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  old_values jsonb; new_values jsonb; before_values jsonb := '{}'; after_values jsonb := '{}';
  row_id text; k text;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_values := qandas_audit_values(to_jsonb(OLD)); END IF;
  IF TG_OP <> 'DELETE' THEN new_values := qandas_audit_values(to_jsonb(NEW)); END IF;
  row_id := coalesce(coalesce(new_values, old_values) ->> 'id', coalesce(new_values, old_values) ->> 'code',
                     coalesce(new_values, old_values) ->> 'key');
  IF TG_OP = 'INSERT' THEN
    PERFORM qandas_audit_append('insert', TG_TABLE_NAME, row_id, NULL, new_values);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM qandas_audit_append('delete', TG_TABLE_NAME, row_id, old_values, NULL);
  ELSE
    FOR k IN SELECT key FROM jsonb_each(new_values) LOOP
      IF (old_values -> k) IS DISTINCT FROM (new_values -> k) THEN
        before_values := before_values || jsonb_build_object(k, old_values -> k);
        after_values := after_values || jsonb_build_object(k, new_values -> k);
      END IF;
    END LOOP;
    IF EXISTS (SELECT FROM jsonb_object_keys(after_values) AS c(key)
               WHERE key <> ALL (ARRAY['version', 'updated_at', 'updated_by'])) THEN
      PERFORM qandas_audit_append('update', TG_TABLE_NAME, row_id, before_values, after_values);
    END IF;
  END IF;
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
REVOKE ALL ON FUNCTION qandas_audit_append(text, text, text, jsonb, jsonb) FROM PUBLIC;
"""


def _functions_sql() -> str:
    return (_FUNCTIONS.replace("__LOCK__", str(AUDIT_LOCK_KEY))
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
    for name in audited_tables():
        statements += [f"DROP TRIGGER IF EXISTS qandas_audit ON {_q(name)}",
                       f"CREATE TRIGGER qandas_audit AFTER INSERT OR UPDATE OR DELETE ON {_q(name)} "
                       "FOR EACH ROW EXECUTE FUNCTION qandas_audit_row()"]
    return statements


def _run(connection: sa.Connection, sql: str) -> None:
    """DDL with ``%`` in it (format strings of PL/pgSQL) goes to the driver without parameters."""
    with connection.connection.dbapi_connection.cursor() as cursor:
        cursor.execute(sql)


def install(connection: sa.Connection) -> None:
    """Groups, GRANTs, policies and triggers on the register (as its owner, in one transaction)."""
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
