/**
 * A single database session below Prisma, for what Prisma's driver adapters cannot do: multi-statement
 * scripts (migrations) and session-level advisory locks.
 */
export interface SqlSession {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of one or more statements (simple query protocol, no parameters). */
  exec(sql: string): Promise<void>;
}
