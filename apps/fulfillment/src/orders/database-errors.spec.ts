import { QueryFailedError } from 'typeorm';
import { classifyDatabaseError, describeDatabaseError } from './database-errors';

/** The shape mysql2 gives a server error (code, errno, sqlState, sqlMessage). */
function serverError(code: string, errno: number, sqlState: string, sqlMessage = 'x'): Error {
  return Object.assign(new Error(sqlMessage), { code, errno, sqlState, sqlMessage });
}

/** A network error as mysql2 reports it: a Node system error code, no SQLSTATE. */
function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code, errno: -111, fatal: true });
}

describe('classifyDatabaseError', () => {
  it.each([
    ['connection refused', networkError('ECONNREFUSED')],
    ['connection reset', networkError('ECONNRESET')],
    ['connection lost', Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true })],
    ['timeout', networkError('ETIMEDOUT')],
    ['server gone away', serverError('CR_SERVER_GONE_ERROR', 2006, 'HY000')],
    ['server lost', serverError('CR_SERVER_LOST', 2013, 'HY000')],
    ['lock wait timeout', serverError('ER_LOCK_WAIT_TIMEOUT', 1205, 'HY000')],
    ['deadlock', serverError('ER_LOCK_DEADLOCK', 1213, '40001')],
    ['too many connections', serverError('ER_CON_COUNT_ERROR', 1040, '08004')],
    ['read-only server', serverError('ER_OPTION_PREVENTS_STATEMENT', 1290, 'HY000')],
    ['server shutting down', serverError('ER_SERVER_SHUTDOWN', 1053, '08S01')],
    ['an error of our own', new Error('stock update touched 1 of 2 SKUs')],
    ['an unknown server error', serverError('ER_SOMETHING_NEW', 9999, 'HY000')],
    ['a thrown string', 'boom'],
    ['null', null],
  ])('%s is transient', (_, error) => {
    expect(classifyDatabaseError(error)).toBe('transient');
  });

  it.each([
    ['out of range', serverError('ER_WARN_DATA_OUT_OF_RANGE', 1264, '22003')],
    ['truncated datetime', serverError('ER_TRUNCATED_WRONG_VALUE', 1292, '22007')],
    ['incorrect string value', serverError('ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', 1366, '22007')],
    ['data too long', serverError('ER_DATA_TOO_LONG', 1406, '22001')],
    ['NOT NULL', serverError('ER_BAD_NULL_ERROR', 1048, '23000')],
    ['foreign key', serverError('ER_NO_REFERENCED_ROW_2', 1452, '23000')],
    ['unexpected duplicate', serverError('ER_DUP_ENTRY', 1062, '23000')],
    ['MariaDB CHECK constraint', serverError('ER_INNODB_AUTOEXTEND_SIZE_OUT_OF_RANGE', 4025, '23000')],
    ['trigger SIGNAL', serverError('ER_SIGNAL_EXCEPTION', 1644, '45000')],
    ['SIGNAL with its own errno', serverError('ER_UNKNOWN', 3333, '45001')],
  ])('%s is deterministic', (_, error) => {
    expect(classifyDatabaseError(error)).toBe('deterministic');
  });

  it('reads the driver error inside a TypeORM QueryFailedError', () => {
    const refused = new QueryFailedError('INSERT', [], serverError('ER_DATA_TOO_LONG', 1406, '22001'));
    const busy = new QueryFailedError('INSERT', [], serverError('ER_LOCK_DEADLOCK', 1213, '40001'));
    expect(classifyDatabaseError(refused)).toBe('deterministic');
    expect(classifyDatabaseError(busy)).toBe('transient');
  });
});

describe('describeDatabaseError', () => {
  it("gives the database's message with its code, number and SQLSTATE", () => {
    const error = serverError('ER_SIGNAL_EXCEPTION', 1644, '45000', 'sku BLOCKED is not for sale');
    expect(describeDatabaseError(new QueryFailedError('INSERT', [], error))).toBe(
      'database refused the order: sku BLOCKED is not for sale (ER_SIGNAL_EXCEPTION 1644 SQLSTATE 45000)',
    );
  });

  it('stays short whatever the database says', () => {
    const reason = describeDatabaseError(serverError('ER_DATA_TOO_LONG', 1406, '22001', 'x'.repeat(10_000)));
    expect(reason.length).toBeLessThanOrEqual(500);
    expect(reason.startsWith('database refused the order: xxx')).toBe(true);
  });
});
