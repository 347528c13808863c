import type { SqlSession } from '../../../platform/db';

/**
 * `projection_checkpoints`: per projection, the position of the last event it applied. Moved
 * only in the transaction that updates the projection's rows.
 */
export async function ensureCheckpoint(session: SqlSession, name: string): Promise<number> {
  await session.query(
    `INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0)
     ON CONFLICT (name) DO NOTHING`,
    [name],
  );
  return checkpointOf(session, name);
}

export async function checkpointOf(session: SqlSession, name: string): Promise<number> {
  const { rows } = await session.query<{ position: number }>(
    'SELECT position FROM projection_checkpoints WHERE name = $1',
    [name],
  );
  return Number(rows[0]?.position ?? 0);
}

/**
 * Moves the checkpoint from `from` to `to`; throws when it is no longer at `from` (another
 * runner on the same database applied the batch first: the caller reloads it).
 */
export async function moveCheckpoint(
  tx: SqlSession,
  name: string,
  from: number,
  to: number,
): Promise<void> {
  const moved = await tx.query(
    `UPDATE projection_checkpoints SET position = $3, updated_at = now()
     WHERE name = $1 AND position = $2`,
    [name, from, to],
  );
  if (moved.rowCount !== 1) {
    throw new Error(`projection ${name}: the checkpoint moved away from ${from} (another runner?)`);
  }
}

/** Empties `tables` and sets the checkpoint to 0 (a rebuild's start), inside `tx`. */
export async function resetReadModel(
  tx: SqlSession,
  name: string,
  tables: readonly string[],
): Promise<void> {
  for (const table of tables) await tx.query(`DELETE FROM ${table}`);
  await tx.query(
    'UPDATE projection_checkpoints SET position = 0, updated_at = now() WHERE name = $1',
    [name],
  );
}
