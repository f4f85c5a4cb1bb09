import type { SqlDialect } from './dialect.js';

/**
 * Every statement the SQL stores run, written once for both engines (`?` placeholders; the PostgreSQL
 * engine numbers them). Usage counters live in `meta` and move with each write, so `usage()` reads one
 * row: a put first adjusts them by what the row it replaces held, a delete by what it removes.
 */
export function statements(d: SqlDialect) {
  const meta = d.table('meta');
  const flows = d.table('flows');
  const versions = d.table('versions');
  const aliases = d.table('aliases');
  const tokens = d.table('client_tokens');
  const changes = d.table('changes');
  const nonces = d.table('nonces');
  const outcomes = d.table('rollout_outcomes');
  const changeColumns = 'revision, kind, identity, flow_id, alias_id';
  return {
    /** On PostgreSQL the row lock this takes is held to commit: write transactions run one at a time, in revision order. */
    nextRevision: `UPDATE ${meta} SET revision = revision + 1 WHERE id = 1 RETURNING revision`,
    revision: `SELECT revision FROM ${meta} WHERE id = 1`,
    usage: `SELECT flow_count, version_count, alias_count, token_count, definition_chars FROM ${meta} WHERE id = 1`,

    flowById: `SELECT record, next_version FROM ${flows} WHERE id = ?`,
    flowIdByName: `SELECT id FROM ${flows} WHERE name = ?`,
    listFlows: `SELECT record FROM ${flows} ORDER BY id`,
    /** Params: id, definition chars, id. */
    countFlowPut: `UPDATE ${meta} SET
      flow_count = flow_count + 1 - (SELECT count(*) FROM ${flows} f WHERE f.id = ?),
      definition_chars = definition_chars + ? - COALESCE((SELECT f.definition_chars FROM ${flows} f WHERE f.id = ?), 0)
      WHERE id = 1`,
    putFlow: `INSERT INTO ${flows} (id, name, next_version, record, definition_chars) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, next_version = excluded.next_version,
      record = excluded.record, definition_chars = excluded.definition_chars`,
    /** Params: the flow ID five times. */
    countFlowDelete: `UPDATE ${meta} SET
      flow_count = flow_count - (SELECT count(*) FROM ${flows} f WHERE f.id = ?),
      version_count = version_count - (SELECT count(*) FROM ${versions} v WHERE v.flow_id = ?),
      alias_count = alias_count - (SELECT count(*) FROM ${aliases} a WHERE a.flow_id = ?),
      definition_chars = definition_chars
        - COALESCE((SELECT f.definition_chars FROM ${flows} f WHERE f.id = ?), 0)
        - COALESCE((SELECT sum(v.definition_chars) FROM ${versions} v WHERE v.flow_id = ?), 0)
      WHERE id = 1`,
    deleteFlowAliases: `DELETE FROM ${aliases} WHERE flow_id = ?`,
    deleteFlowVersions: `DELETE FROM ${versions} WHERE flow_id = ?`,
    deleteFlow: `DELETE FROM ${flows} WHERE id = ?`,

    version: `SELECT record FROM ${versions} WHERE flow_id = ? AND version = ?`,
    listVersions: `SELECT record FROM ${versions} WHERE flow_id = ? ORDER BY version`,
    existingVersions: (count: number) =>
      `SELECT version FROM ${versions} WHERE flow_id = ? AND version IN (${Array(count).fill('?').join(', ')})`,
    countVersions: `SELECT count(*) AS n FROM ${versions} WHERE flow_id = ?`,
    /** Params: flow ID, version, definition chars, flow ID, version. */
    countVersionPut: `UPDATE ${meta} SET
      version_count = version_count + 1 - (SELECT count(*) FROM ${versions} v WHERE v.flow_id = ? AND v.version = ?),
      definition_chars = definition_chars + ?
        - COALESCE((SELECT v.definition_chars FROM ${versions} v WHERE v.flow_id = ? AND v.version = ?), 0)
      WHERE id = 1`,
    putVersion: `INSERT INTO ${versions} (flow_id, version, record, definition_chars) VALUES (?, ?, ?, ?)
      ON CONFLICT (flow_id, version) DO UPDATE SET record = excluded.record, definition_chars = excluded.definition_chars`,
    /** Params: flow ID, version, flow ID, version. */
    countVersionDelete: `UPDATE ${meta} SET
      version_count = version_count - (SELECT count(*) FROM ${versions} v WHERE v.flow_id = ? AND v.version = ?),
      definition_chars = definition_chars
        - COALESCE((SELECT v.definition_chars FROM ${versions} v WHERE v.flow_id = ? AND v.version = ?), 0)
      WHERE id = 1`,
    deleteVersion: `DELETE FROM ${versions} WHERE flow_id = ? AND version = ?`,

    alias: `SELECT record FROM ${aliases} WHERE flow_id = ? AND id = ?`,
    aliasIdByName: `SELECT id FROM ${aliases} WHERE flow_id = ? AND name = ?`,
    listAliases: `SELECT record FROM ${aliases} WHERE flow_id = ? ORDER BY id`,
    countAliases: `SELECT count(*) AS n FROM ${aliases} WHERE flow_id = ?`,
    countAliasPut: `UPDATE ${meta} SET alias_count = alias_count + 1 - (SELECT count(*) FROM ${aliases} a WHERE a.flow_id = ? AND a.id = ?)
      WHERE id = 1`,
    countAliasDelete: `UPDATE ${meta} SET alias_count = alias_count - (SELECT count(*) FROM ${aliases} a WHERE a.flow_id = ? AND a.id = ?)
      WHERE id = 1`,
    putAlias: `INSERT INTO ${aliases} (flow_id, id, name, record) VALUES (?, ?, ?, ?)
      ON CONFLICT (flow_id, id) DO UPDATE SET name = excluded.name, record = excluded.record`,
    deleteAlias: `DELETE FROM ${aliases} WHERE flow_id = ? AND id = ?`,

    clientToken: `SELECT fingerprint, result, created_at FROM ${tokens} WHERE key = ?`,
    /**
     * Params: key, expiresBefore, key, expiresBefore, and how many others to keep (maxTokens - 1, room for
     * the new one). Forgets the key's old entry, the expired ones, and the oldest of the rest beyond the bound.
     */
    purgeTokens: `DELETE FROM ${tokens} WHERE key = ? OR created_at < ? OR seq <= (
        SELECT t.seq FROM ${tokens} t WHERE t.key <> ? AND t.created_at >= ? ORDER BY t.seq DESC LIMIT 1 OFFSET ?
      ) RETURNING key`,
    /** The newest token gets the highest sequence number (the seq index makes this a lookup). */
    putToken: `INSERT INTO ${tokens} (key, fingerprint, result, created_at, seq)
      VALUES (?, ?, ?, ?, COALESCE((SELECT max(t.seq) FROM ${tokens} t), 0) + 1)`,
    /** Param: the character budget. Forgets the oldest tokens whose results, newest first, pass it. */
    purgeTokenChars: `DELETE FROM ${tokens} WHERE seq <= (
        SELECT w.seq FROM (SELECT t.seq, SUM(LENGTH(t.result)) OVER (ORDER BY t.seq DESC) AS total FROM ${tokens} t) w
        WHERE w.total > ? ORDER BY w.seq DESC LIMIT 1
      ) RETURNING key`,
    countTokens: `UPDATE ${meta} SET token_count = token_count + ? WHERE id = 1`,

    recordChanges: (count: number) =>
      `INSERT INTO ${changes} (revision, seq, kind, identity, flow_id, alias_id) VALUES ${Array(count).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`,
    purgeChanges: `DELETE FROM ${changes} WHERE revision <= ?`,
    changesAfter: `SELECT ${changeColumns} FROM ${changes} WHERE revision > ? ORDER BY revision, seq LIMIT ?`,
    /** Params: access key ID, now. Only the key's own nonces: claims of different keys never touch the same rows. */
    sweepNonces: `DELETE FROM ${nonces} WHERE access_key_id = ? AND expires_at <= ?`,
    nonceHeld: `SELECT 1 AS held FROM ${nonces} WHERE access_key_id = ? AND nonce = ?`,
    countNonces: `SELECT count(*) AS n FROM ${nonces} WHERE access_key_id = ?`,
    /** No row back: another replica claimed it between our check and this insert. */
    claimNonce: `INSERT INTO ${nonces} (access_key_id, nonce, expires_at) VALUES (?, ?, ?)
      ON CONFLICT (access_key_id, nonce) DO NOTHING RETURNING nonce`,
    changesAt: `SELECT ${changeColumns} FROM ${changes} WHERE revision = ? ORDER BY seq`,

    /** Params: rollout, window, process, the four counts. */
    putOutcomes: `INSERT INTO ${outcomes} (rollout_id, window_no, process_id, target_ok, target_errors, baseline_ok, baseline_errors)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rollout_id, window_no, process_id) DO UPDATE SET
      target_ok = excluded.target_ok, target_errors = excluded.target_errors,
      baseline_ok = excluded.baseline_ok, baseline_errors = excluded.baseline_errors`,
    purgeOutcomes: `DELETE FROM ${outcomes} WHERE rollout_id = ? AND window_no < ?`,
    outcomeWindows: `SELECT window_no, sum(target_ok) AS target_ok, sum(target_errors) AS target_errors,
      sum(baseline_ok) AS baseline_ok, sum(baseline_errors) AS baseline_errors
      FROM ${outcomes} WHERE rollout_id = ? AND window_no >= ? AND window_no <= ? GROUP BY window_no ORDER BY window_no`,
    deleteOutcomes: `DELETE FROM ${outcomes} WHERE rollout_id = ?`,
    /** PostgreSQL: wakes every replica LISTENing, on commit only (a rolled-back write notifies nobody). Param: the revision. */
    notifyChanges: d.notifyChannel === undefined ? undefined : `SELECT pg_notify('${d.notifyChannel}', ?)`,
  };
}

export type Statements = ReturnType<typeof statements>;
