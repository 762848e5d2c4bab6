/**
 * Bounds shared by the HTTP validator and the event parser, so an order the
 * intake accepted is always an order fulfillment can parse, and an event the
 * parser accepts always fits the order tables (VARCHAR(64) ASCII ids, CHAR(3)
 * currency, INT UNSIGNED quantity, SMALLINT line numbers, DATETIME(3) from
 * year 1000 to 9999): what the database would refuse is dead-lettered by the
 * parser with a clear reason instead.
 */
export const ORDER_LIMITS = {
  maxItems: 50,
  maxQuantity: 1000,
  /** Customer ids and SKUs: letters, digits and `._:-`, starting with a letter or digit. */
  idPattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
  maxIdLength: 64,
  /** ISO 4217 alphabetic code. */
  currencyPattern: /^[A-Z]{3}$/,
  /**
   * placedAt exactly as intake writes it (Date#toISOString, UTC, milliseconds),
   * in the years a DATETIME column holds; the parser also rejects dates that
   * do not exist (02-30).
   */
  placedAtPattern: /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
  /**
   * A shopper's email: the WHATWG HTML form rule with a dotted domain. No
   * spaces, quotes or line breaks, so it can never smuggle a header into a mail.
   */
  emailPattern:
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/,
  /** RFC 5321's limit on a forward path. */
  maxEmailLength: 254,
  /** E.164: a plus, a country code that does not start with 0, 7 to 15 digits in all. */
  phonePattern: /^\+[1-9][0-9]{6,14}$/,
} as const;
