/**
 * Bounds shared by the HTTP validator and the event parser, so an order the
 * intake accepted is always an order fulfillment can parse.
 */
export const ORDER_LIMITS = {
  maxItems: 50,
  maxQuantity: 1000,
  /** Customer ids and SKUs: letters, digits and `._:-`, starting with a letter or digit. */
  idPattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
  maxIdLength: 64,
  /** ISO 4217 alphabetic code. */
  currencyPattern: /^[A-Z]{3}$/,
} as const;
