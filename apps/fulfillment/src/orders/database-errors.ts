/**
 * Whether a failed write can succeed if tried again later.
 *
 * - transient: the database is away, busy or read-only for now; the same
 *   batch is retried with backoff and nothing is skipped.
 * - deterministic: the database refuses the data itself (a value out of a
 *   column's range, a bad encoding, a constraint, a trigger's SIGNAL); trying
 *   again gives the same answer, so the message at fault is isolated and
 *   dead-lettered.
 */
export type DatabaseErrorClass = 'transient' | 'deterministic';

/**
 * Server errors that are about the moment, not the data, even where their
 * SQLSTATE says otherwise (a deadlock is SQLSTATE 40001, a lock wait HY000).
 * Numbers rather than mysql2's code names: MariaDB and MySQL give some numbers
 * different names (4025 is MariaDB's CHECK failure, an InnoDB error in MySQL).
 */
const TRANSIENT_ERRNOS = new Set([
  1040, // ER_CON_COUNT_ERROR: too many connections
  1053, // ER_SERVER_SHUTDOWN
  1203, // ER_TOO_MANY_USER_CONNECTIONS
  1205, // ER_LOCK_WAIT_TIMEOUT
  1213, // ER_LOCK_DEADLOCK
  1290, // ER_OPTION_PREVENTS_STATEMENT: --read-only
  1317, // ER_QUERY_INTERRUPTED
  1836, // ER_READ_ONLY_MODE
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
]);

/** Refusals of the data whose SQLSTATE is the general HY000. */
const DETERMINISTIC_ERRNOS = new Set([
  1048, // ER_BAD_NULL_ERROR
  1062, // ER_DUP_ENTRY
  1216, // ER_NO_REFERENCED_ROW
  1217, // ER_ROW_IS_REFERENCED
  1263, // ER_WARN_NULL_TO_NOTNULL
  1264, // ER_WARN_DATA_OUT_OF_RANGE
  1265, // ER_WARN_DATA_TRUNCATED
  1292, // ER_TRUNCATED_WRONG_VALUE (a DATETIME out of range)
  1300, // ER_INVALID_CHARACTER_STRING
  1364, // ER_NO_DEFAULT_FOR_FIELD
  1365, // ER_DIVISION_BY_ZERO
  1366, // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (incorrect string value)
  1406, // ER_DATA_TOO_LONG
  1411, // ER_WRONG_VALUE_FOR_TYPE
  1441, // ER_DATETIME_FUNCTION_OVERFLOW
  1451, // ER_ROW_IS_REFERENCED_2
  1452, // ER_NO_REFERENCED_ROW_2
  1644, // ER_SIGNAL_EXCEPTION: a trigger's SIGNAL
  3819, // ER_CHECK_CONSTRAINT_VIOLATED (MySQL)
  4025, // ER_CONSTRAINT_FAILED (MariaDB)
]);

/**
 * SQLSTATE classes that name the data: 22 data exception, 23 integrity
 * constraint violation, 45 an unhandled user-defined exception (SIGNAL
 * SQLSTATE '45000' with any MYSQL_ERRNO).
 */
const DETERMINISTIC_SQLSTATE = /^(22|23|45)/;

interface ServerError {
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  sqlMessage?: unknown;
  message?: unknown;
}

/**
 * mysql2 puts code, errno, sqlState and sqlMessage on its errors, and
 * TypeORM's QueryFailedError copies them (and keeps the original as
 * driverError).
 */
function serverError(error: unknown): ServerError {
  if (typeof error !== 'object' || error === null) return {};
  const driver = (error as { driverError?: unknown }).driverError;
  return typeof driver === 'object' && driver !== null ? (driver as ServerError) : (error as ServerError);
}

/**
 * Anything not recognised as a refusal of the data is transient: an unknown
 * error holds the partition (loudly, retrying) rather than dead-lettering
 * orders that might be fine, and network errors (ECONNREFUSED, ECONNRESET,
 * PROTOCOL_CONNECTION_LOST, ...) carry no SQLSTATE at all.
 */
export function classifyDatabaseError(error: unknown): DatabaseErrorClass {
  const { errno, sqlState } = serverError(error);
  if (typeof errno === 'number' && TRANSIENT_ERRNOS.has(errno)) return 'transient';
  if (typeof errno === 'number' && DETERMINISTIC_ERRNOS.has(errno)) return 'deterministic';
  if (typeof sqlState === 'string' && DETERMINISTIC_SQLSTATE.test(sqlState)) return 'deterministic';
  return 'transient';
}

/** Bound on the reason carried in a dead letter's x-error header. */
const MAX_REASON_LENGTH = 500;

/** The database's own words, with the codes an operator searches for, for x-error and the logs. */
export function describeDatabaseError(error: unknown): string {
  const { code, errno, sqlState, sqlMessage, message } = serverError(error);
  const text = typeof sqlMessage === 'string' ? sqlMessage : String(message ?? error);
  const codes = [code, errno, sqlState === undefined ? undefined : `SQLSTATE ${String(sqlState)}`]
    .filter((part) => part !== undefined && part !== null && part !== '')
    .join(' ');
  const reason = `database refused the order: ${text}${codes ? ` (${codes})` : ''}`;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}
