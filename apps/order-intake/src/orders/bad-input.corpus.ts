import { gzipSync } from 'node:zlib';

/**
 * Requests intake must refuse with a 4xx and a message naming the problem,
 * without producing anything. Bodies are raw (string or Buffer) and headers are
 * sent as given, so the corpus can hold what fetch would normalise away: no
 * content type, invalid UTF-8, a BOM, duplicate keys, a 20 KiB header.
 */
export interface BadInputCase {
  name: string;
  /** POST unless said otherwise. */
  method?: string;
  /** /orders unless said otherwise. */
  path?: string;
  /** Sent as is; a string is sent as UTF-8. */
  body?: string | Buffer;
  /** Replace the default `content-type: application/json`; `null` sends no content type. */
  contentType?: string | null;
  headers?: Record<string, string | string[]>;
  /** Send with `transfer-encoding: chunked` instead of a content-length. */
  chunked?: boolean;
  status: number;
  /** Found in the status line or the body of the answer. */
  message: string;
}

export const VALID_ORDER = {
  customerId: 'customer-1',
  currency: 'EUR',
  items: [{ sku: 'SKU-1', quantity: 2 }],
} as const;

const valid = JSON.stringify(VALID_ORDER);
const order = (patch: Record<string, unknown>): string => JSON.stringify({ ...VALID_ORDER, ...patch });
const line = (patch: Record<string, unknown>): string => order({ items: [{ sku: 'SKU-1', quantity: 2, ...patch }] });
/** The valid order with `raw` spliced in as the value of an extra or replaced field. */
const withRaw = (field: string, raw: string): string => `${valid.slice(0, -1)},"${field}":${raw}}`;
const quantityRaw = (raw: string): string =>
  `{"customerId":"customer-1","currency":"EUR","items":[{"sku":"SKU-1","quantity":${raw}}]}`;
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const concat = (...parts: Array<string | Buffer>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? utf8(p) : p)));

const NOT_JSON = 'not valid JSON';
const EMPTY_JSON = 'Body cannot be empty';
const MEDIA = 'Unsupported Media Type';
const ID_RULE = 'must be 1-64 letters, digits or ._:-';
const NOT_INT = 'items.0.quantity must be an integer number';
const TOO_BIG = 'items.0.quantity must not be greater than 1000';
const TOO_SMALL = 'items.0.quantity must not be less than 1';
const KEY = 'Idempotency-Key header must be 8-128 characters';

const malformedJson: BadInputCase[] = [
  { name: 'truncated object', body: '{"customerId":', status: 400, message: NOT_JSON },
  { name: 'truncated after the last item', body: valid.slice(0, -3), status: 400, message: NOT_JSON },
  { name: 'truncated string', body: '{"customerId":"cust', status: 400, message: NOT_JSON },
  { name: 'only an opening brace', body: '{', status: 400, message: NOT_JSON },
  { name: 'trailing comma in the object', body: `${valid.slice(0, -1)},}`, status: 400, message: NOT_JSON },
  { name: 'trailing comma in items', body: valid.replace(']', ',]'), status: 400, message: NOT_JSON },
  { name: 'NaN as quantity', body: quantityRaw('NaN'), status: 400, message: NOT_JSON },
  { name: 'Infinity as quantity', body: quantityRaw('Infinity'), status: 400, message: NOT_JSON },
  { name: 'a line comment', body: `// order\n${valid}`, status: 400, message: NOT_JSON },
  { name: 'a block comment', body: valid.replace('{', '{/* c */'), status: 400, message: NOT_JSON },
  { name: 'single quotes', body: valid.replace(/"/g, "'"), status: 400, message: NOT_JSON },
  { name: 'unquoted keys', body: valid.replace(/"(\w+)":/g, '$1:'), status: 400, message: NOT_JSON },
  { name: 'hex number', body: quantityRaw('0x2'), status: 400, message: NOT_JSON },
  { name: 'leading zero number', body: quantityRaw('02'), status: 400, message: NOT_JSON },
  { name: 'plus sign number', body: quantityRaw('+2'), status: 400, message: NOT_JSON },
  { name: 'two JSON documents', body: `${valid}${valid}`, status: 400, message: NOT_JSON },
  { name: 'garbage after the document', body: `${valid} x`, status: 400, message: NOT_JSON },
  { name: 'empty body', body: '', status: 400, message: EMPTY_JSON },
  // A BOM is ignored (RFC 8259 §8.1 allows it); the body behind it is still validated.
  {
    name: 'BOM before an invalid body',
    body: `\uFEFF${order({ currency: 'euro' })}`,
    status: 400,
    message: 'currency',
  },
  { name: 'two BOMs', body: `\uFEFF\uFEFF${valid}`, status: 400, message: NOT_JSON },
  { name: 'whitespace only', body: ' \n\t ', status: 400, message: NOT_JSON },
  { name: 'XML', body: '<order><customerId>c</customerId></order>', status: 400, message: NOT_JSON },
  { name: 'JSON null', body: 'null', status: 400, message: 'customerId' },
  { name: 'a JSON string', body: '"order"', status: 400, message: 'customerId' },
  { name: 'a JSON number', body: '42', status: 400, message: 'customerId' },
  { name: 'a JSON boolean', body: 'true', status: 400, message: 'customerId' },
  { name: 'a JSON array of orders', body: `[${valid}]`, status: 400, message: 'customerId' },
  { name: 'an empty object', body: '{}', status: 400, message: 'customerId' },
];

const contentTypes: BadInputCase[] = [
  { name: 'text/plain', body: valid, contentType: 'text/plain', status: 415, message: MEDIA },
  {
    name: 'form-urlencoded',
    body: 'customerId=c&currency=EUR',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    message: MEDIA,
  },
  {
    name: 'multipart/form-data',
    body: '--b\r\ncontent-disposition: form-data; name="order"\r\n\r\n{}\r\n--b--\r\n',
    contentType: 'multipart/form-data; boundary=b',
    status: 415,
    message: MEDIA,
  },
  { name: 'no content type with a body', body: valid, contentType: null, status: 415, message: MEDIA },
  { name: 'no content type and no body', body: undefined, contentType: null, status: 400, message: 'customerId' },
  { name: 'application/xml', body: valid, contentType: 'application/xml', status: 415, message: MEDIA },
  { name: 'text/json', body: valid, contentType: 'text/json', status: 415, message: MEDIA },
  { name: 'application/jsonp', body: valid, contentType: 'application/jsonp', status: 415, message: MEDIA },
  {
    name: 'application/octet-stream',
    body: valid,
    contentType: 'application/octet-stream',
    status: 415,
    message: MEDIA,
  },
  { name: 'a content type of one space', body: valid, contentType: ' ', status: 415, message: MEDIA },
  { name: 'a nonsense content type', body: valid, contentType: 'json', status: 415, message: MEDIA },
  {
    name: 'a UTF-16 body declared as such',
    body: Buffer.from(valid, 'utf16le'),
    contentType: 'application/json; charset=utf-16le',
    status: 400,
    message: NOT_JSON,
  },
  {
    name: 'a Latin-1 body with an accented customer',
    body: Buffer.from(order({ customerId: 'renée' }), 'latin1'),
    contentType: 'application/json; charset=iso-8859-1',
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
];

const numbers: BadInputCase[] = [
  { name: 'quantity 1e309 (Infinity once parsed)', body: quantityRaw('1e309'), status: 400, message: NOT_INT },
  { name: 'quantity -1e309', body: quantityRaw('-1e309'), status: 400, message: NOT_INT },
  {
    name: 'quantity 9007199254740993 (beyond 2^53)',
    body: quantityRaw('9007199254740993'),
    status: 400,
    message: TOO_BIG,
  },
  { name: 'quantity 1e21', body: quantityRaw('1e21'), status: 400, message: TOO_BIG },
  { name: 'quantity 1001', body: quantityRaw('1001'), status: 400, message: TOO_BIG },
  { name: 'quantity -0', body: quantityRaw('-0'), status: 400, message: TOO_SMALL },
  { name: 'quantity 0', body: quantityRaw('0'), status: 400, message: TOO_SMALL },
  { name: 'quantity -1', body: quantityRaw('-1'), status: 400, message: TOO_SMALL },
  { name: 'quantity 1e-7', body: quantityRaw('1e-7'), status: 400, message: NOT_INT },
  { name: 'quantity 1.5', body: quantityRaw('1.5'), status: 400, message: NOT_INT },
  { name: 'quantity as a string', body: quantityRaw('"2"'), status: 400, message: NOT_INT },
  { name: 'quantity as an empty string', body: quantityRaw('""'), status: 400, message: NOT_INT },
  { name: 'quantity as an array', body: quantityRaw('[2]'), status: 400, message: NOT_INT },
  { name: 'quantity as an object', body: quantityRaw('{"value":2}'), status: 400, message: NOT_INT },
  { name: 'quantity true', body: quantityRaw('true'), status: 400, message: NOT_INT },
  { name: 'quantity null', body: quantityRaw('null'), status: 400, message: NOT_INT },
  { name: 'quantity missing', body: order({ items: [{ sku: 'SKU-1' }] }), status: 400, message: NOT_INT },
  {
    name: 'customerId as a number',
    body: order({ customerId: 7 }),
    status: 400,
    message: 'customerId must be a string',
  },
  { name: 'currency as a number', body: order({ currency: 978 }), status: 400, message: 'currency must be a string' },
];

const arrays: BadInputCase[] = [
  { name: 'no items', body: order({ items: [] }), status: 400, message: 'items must contain at least 1 elements' },
  {
    name: '51 items',
    body: order({ items: Array.from({ length: 51 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 })) }),
    status: 400,
    message: 'items must contain no more than 50 elements',
  },
  {
    name: '2000 items (under 64 KiB)',
    body: order({ items: Array(2000).fill({ sku: 'A', quantity: 1 }) }),
    status: 400,
    message: 'items must contain no more than 50 elements',
  },
  {
    name: 'items as an object',
    body: order({ items: { sku: 'SKU-1', quantity: 2 } }),
    status: 400,
    message: 'items must be an array',
  },
  { name: 'items as a string', body: order({ items: 'SKU-1' }), status: 400, message: 'items must be an array' },
  { name: 'items null', body: order({ items: null }), status: 400, message: 'items must be an array' },
  {
    name: 'items missing',
    body: JSON.stringify({ customerId: 'c', currency: 'EUR' }),
    status: 400,
    message: 'items must be an array',
  },
  { name: 'an item that is null', body: order({ items: [null] }), status: 400, message: 'items' },
  { name: 'an item that is a number', body: order({ items: [7] }), status: 400, message: 'items' },
  { name: 'an item that is an array', body: order({ items: [['SKU-1', 2]] }), status: 400, message: 'items' },
  // @ValidateNested({ each: true }) looks inside a line that is an array and finds
  // nothing wrong with an empty one or one holding valid lines.
  { name: 'an item that is an empty array', body: order({ items: [[]] }), status: 400, message: 'items' },
  {
    name: 'an item that is an array of lines',
    body: order({ items: [[{ sku: 'SKU-1', quantity: 2 }]] }),
    status: 400,
    message: 'items',
  },
  {
    name: 'a valid line and an empty array',
    body: order({ items: [{ sku: 'SKU-1', quantity: 2 }, []] }),
    status: 400,
    message: 'items',
  },
  {
    name: 'an item with an unknown field',
    body: line({ price: 0 }),
    status: 400,
    message: 'property price should not exist',
  },
];

const depth = 10_000;
const arrays10k = `${'['.repeat(depth)}${']'.repeat(depth)}`;
const objects10k = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const NESTED = 'nested';
const nested: BadInputCase[] = [
  {
    name: '10 nested arrays in an extra field',
    body: withRaw('x', `${'['.repeat(10)}${']'.repeat(10)}`),
    status: 400,
    message: 'property x should not exist',
  },
  { name: `${depth} nested arrays in an extra field`, body: withRaw('x', arrays10k), status: 400, message: NESTED },
  { name: `${depth} nested objects in an extra field`, body: withRaw('x', objects10k), status: 400, message: NESTED },
  {
    name: `${depth} nested arrays as customerId`,
    body: order({}).replace('"customer-1"', arrays10k),
    status: 400,
    message: NESTED,
  },
  { name: `${depth} nested objects as a quantity`, body: quantityRaw(objects10k), status: 400, message: NESTED },
  {
    name: `${depth} nested arrays as items`,
    body: order({}).replace(/"items":\[.*\]/, `"items":${arrays10k}`),
    status: 400,
    message: NESTED,
  },
];

// Intake's JSON parser refuses every key that names something all objects
// inherit (__proto__, constructor, toString…) or prototype, naming it: such a
// key can never be an order field, and further in class-transformer would drop
// it without a word.
const protoPayload = '{"polluted":"yes","quantity":1000}';
const pollution: BadInputCase[] = [
  { name: '__proto__ at the top level', body: withRaw('__proto__', protoPayload), status: 400, message: '__proto__' },
  {
    name: '__proto__ inside an item',
    body: quantityRaw(`2,"__proto__":${protoPayload}`),
    status: 400,
    message: '__proto__',
  },
  {
    name: '__proto__ with a unicode-escaped key',
    body: withRaw('\\u005f_proto__', protoPayload),
    status: 400,
    message: '__proto__',
  },
  {
    name: 'constructor.prototype at the top level',
    body: withRaw('constructor', `{"prototype":${protoPayload}}`),
    status: 400,
    message: 'constructor',
  },
  {
    name: 'constructor.prototype inside an item',
    body: quantityRaw(`2,"constructor":{"prototype":${protoPayload}}`),
    status: 400,
    message: 'constructor',
  },
  { name: 'constructor as a string', body: withRaw('constructor', '"Object"'), status: 400, message: 'constructor' },
  { name: 'prototype at the top level', body: withRaw('prototype', protoPayload), status: 400, message: 'prototype' },
  {
    name: 'prototype inside an item',
    body: quantityRaw(`2,"prototype":${protoPayload}`),
    status: 400,
    message: 'prototype',
  },
  { name: 'hasOwnProperty shadowed', body: withRaw('hasOwnProperty', '1'), status: 400, message: 'hasOwnProperty' },
  { name: 'toString shadowed inside an item', body: quantityRaw('2,"toString":1'), status: 400, message: 'toString' },
];

const strings: BadInputCase[] = [
  {
    name: 'customerId of 65 characters',
    body: order({ customerId: 'c'.repeat(65) }),
    status: 400,
    message: 'customerId must be shorter than or equal to 64 characters',
  },
  {
    name: 'sku of 65 characters',
    body: line({ sku: 'S'.repeat(65) }),
    status: 400,
    message: 'sku must be shorter than or equal to 64 characters',
  },
  {
    name: 'customerId of 60 KiB',
    body: order({ customerId: 'c'.repeat(60 * 1024) }),
    status: 400,
    message: 'customerId must be shorter than or equal to 64 characters',
  },
  {
    name: 'an extra field of 60 KiB',
    body: order({ note: 'n'.repeat(60 * 1024) }),
    status: 400,
    message: 'property note should not exist',
  },
  { name: 'a body of 70 KiB', body: order({ customerId: 'c'.repeat(70 * 1024) }), status: 413, message: 'too large' },
  {
    name: 'a chunked body of 70 KiB',
    body: order({ customerId: 'c'.repeat(70 * 1024) }),
    chunked: true,
    status: 413,
    message: 'too large',
  },
  { name: 'empty customerId', body: order({ customerId: '' }), status: 400, message: `customerId ${ID_RULE}` },
  {
    name: 'customerId with a space',
    body: order({ customerId: 'c 1' }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'customerId starting with a dash',
    body: order({ customerId: '-c' }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'customerId with a slash',
    body: order({ customerId: 'c/../1' }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'customerId with SQL',
    body: order({ customerId: "c' OR '1'='1" }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'customerId with HTML',
    body: order({ customerId: '<script>alert(1)</script>' }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  { name: 'sku with a space', body: line({ sku: 'SKU 1' }), status: 400, message: `sku ${ID_RULE}` },
  {
    name: 'lowercase currency',
    body: order({ currency: 'eur' }),
    status: 400,
    message: 'currency must be an ISO 4217 code',
  },
  {
    name: 'currency of four letters',
    body: order({ currency: 'EURO' }),
    status: 400,
    message: 'currency must be an ISO 4217 code',
  },
  {
    name: 'currency with a trailing newline',
    body: order({ currency: 'EUR\n' }),
    status: 400,
    message: 'currency must be an ISO 4217 code',
  },
  {
    name: 'customerId with a trailing newline',
    body: order({ customerId: 'c1\n' }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'customerId with fullwidth letters',
    body: order({ customerId: 'ｃｕｓｔ' }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'customerId with an emoji',
    body: order({ customerId: 'c-🛒' }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'customerId with a zero-width space',
    body: order({ customerId: 'c\u200b1' }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'customerId with a right-to-left override',
    body: order({ customerId: 'c\u202e1' }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
];

const EMAIL = 'contact.email must be an email address such as ana@example.com';
const PHONE = 'contact.phone must be an E.164 number such as +33612345678';
const contact: BadInputCase[] = [
  { name: 'contact as a string', body: order({ contact: 'ana@example.com' }), status: 400, message: 'contact' },
  { name: 'contact null', body: order({ contact: null }), status: 400, message: 'contact must be an object' },
  { name: 'contact as an array', body: order({ contact: [] }), status: 400, message: 'contact must be an object' },
  {
    name: 'contact with an unknown field',
    body: order({ contact: { fax: '+33612345678' } }),
    status: 400,
    message: 'property fax should not exist',
  },
  { name: 'email without an @', body: order({ contact: { email: 'ana.example.com' } }), status: 400, message: EMAIL },
  { name: 'email without a domain', body: order({ contact: { email: 'ana@' } }), status: 400, message: EMAIL },
  {
    name: 'email with an undotted domain',
    body: order({ contact: { email: 'ana@localhost' } }),
    status: 400,
    message: EMAIL,
  },
  { name: 'email with two @', body: order({ contact: { email: 'ana@b@example.com' } }), status: 400, message: EMAIL },
  {
    name: 'email with a space',
    body: order({ contact: { email: 'ana maria@example.com' } }),
    status: 400,
    message: EMAIL,
  },
  {
    name: 'email with a header injected',
    body: order({ contact: { email: 'ana@example.com\r\nBcc: all@example.com' } }),
    status: 400,
    message: EMAIL,
  },
  {
    name: 'email with a display name',
    body: order({ contact: { email: 'Ana <ana@example.com>' } }),
    status: 400,
    message: EMAIL,
  },
  {
    name: 'email of 255 characters',
    body: order({ contact: { email: `${'a'.repeat(243)}@example.com` } }),
    status: 400,
    message: 'contact.email must be shorter than or equal to 254 characters',
  },
  {
    name: 'email as a number',
    body: order({ contact: { email: 7 } }),
    status: 400,
    message: 'contact.email must be a string',
  },
  {
    name: 'email null',
    body: order({ contact: { email: null } }),
    status: 400,
    message: 'contact.email must be a string',
  },
  { name: 'phone without its plus', body: order({ contact: { phone: '33612345678' } }), status: 400, message: PHONE },
  { name: 'phone with spaces', body: order({ contact: { phone: '+33 6 12 34 56 78' } }), status: 400, message: PHONE },
  {
    name: 'phone with country code 0',
    body: order({ contact: { phone: '+0612345678' } }),
    status: 400,
    message: PHONE,
  },
  { name: 'phone of 16 digits', body: order({ contact: { phone: '+3361234567890123' } }), status: 400, message: PHONE },
  { name: 'phone of 6 digits', body: order({ contact: { phone: '+336123' } }), status: 400, message: PHONE },
  {
    name: 'phone as a number',
    body: order({ contact: { phone: 33612345678 } }),
    status: 400,
    message: 'contact.phone must be a string',
  },
  {
    name: 'phone with a trailing newline',
    body: order({ contact: { phone: '+33612345678\n' } }),
    status: 400,
    message: PHONE,
  },
];

const bytes: BadInputCase[] = [
  {
    name: 'raw NUL inside a string',
    body: concat('{"customerId":"c', Buffer.from([0]), '1","currency":"EUR","items":[]}'),
    status: 400,
    message: NOT_JSON,
  },
  {
    name: 'raw newline inside a string',
    body: order({}).replace('customer-1', 'customer\n1'),
    status: 400,
    message: NOT_JSON,
  },
  {
    name: 'raw tab inside a string',
    body: order({}).replace('customer-1', 'customer\t1'),
    status: 400,
    message: NOT_JSON,
  },
  {
    name: 'escaped NUL in customerId',
    body: order({ customerId: 'c\u00001' }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'escaped ESC sequence in customerId',
    body: order({ customerId: '\u001b[31mc' }),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  { name: 'escaped DEL in sku', body: line({ sku: 'SKU\u007f' }), status: 400, message: `sku ${ID_RULE}` },
  {
    name: 'lone surrogate escape in customerId',
    body: order({}).replace('customer-1', 'c\\ud800'),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'invalid UTF-8 byte 0xFF in customerId',
    body: concat('{"customerId":"c', Buffer.from([0xff]), '","currency":"EUR","items":[{"sku":"A","quantity":1}]}'),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'overlong UTF-8 slash in customerId',
    body: concat(
      '{"customerId":"c',
      Buffer.from([0xc0, 0xaf]),
      '","currency":"EUR","items":[{"sku":"A","quantity":1}]}',
    ),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'truncated UTF-8 sequence in sku',
    body: concat(
      '{"customerId":"c","currency":"EUR","items":[{"sku":"A',
      Buffer.from([0xe2, 0x82]),
      '","quantity":1}]}',
    ),
    status: 400,
    message: `sku ${ID_RULE}`,
  },
  {
    name: 'UTF-8 encoded surrogate in customerId',
    body: concat(
      '{"customerId":"c',
      Buffer.from([0xed, 0xa0, 0x80]),
      '","currency":"EUR","items":[{"sku":"A","quantity":1}]}',
    ),
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  {
    name: 'invalid UTF-8 between tokens',
    body: concat(
      '{"customerId":"c",',
      Buffer.from([0xff, 0xfe]),
      '"currency":"EUR","items":[{"sku":"A","quantity":1}]}',
    ),
    status: 400,
    message: NOT_JSON,
  },
  {
    name: 'a binary body',
    body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]),
    status: 400,
    message: NOT_JSON,
  },
];

// JSON.parse keeps the last of duplicate keys, and so does intake: the value it
// validates is the value it produces, so no later reader can see another one.
// A valid last value is accepted (see the spec); an invalid last value is refused.
const duplicates: BadInputCase[] = [
  {
    name: 'duplicate customerId, the last one invalid',
    body: '{"customerId":"good-1","customerId":"bad one","currency":"EUR","items":[{"sku":"A","quantity":1}]}',
    status: 400,
    message: `customerId ${ID_RULE}`,
  },
  { name: 'duplicate quantity, the last one 0', body: quantityRaw('5,"quantity":0'), status: 400, message: TOO_SMALL },
  {
    name: 'duplicate items, the last one empty',
    body: `${valid.slice(0, -1)},"items":[]}`,
    status: 400,
    message: 'items must contain at least 1 elements',
  },
  {
    name: 'duplicate __proto__ keys',
    body: withRaw('__proto__', `{},"__proto__":${protoPayload}`),
    status: 400,
    message: '__proto__',
  },
];

const headers: BadInputCase[] = [
  {
    name: 'Idempotency-Key of 7 characters',
    body: valid,
    headers: { 'idempotency-key': 'abcdefg' },
    status: 400,
    message: KEY,
  },
  {
    name: 'Idempotency-Key of 129 characters',
    body: valid,
    headers: { 'idempotency-key': 'k'.repeat(129) },
    status: 400,
    message: KEY,
  },
  {
    name: 'Idempotency-Key of 8 KiB',
    body: valid,
    headers: { 'idempotency-key': 'k'.repeat(8 * 1024) },
    status: 400,
    message: KEY,
  },
  { name: 'empty Idempotency-Key', body: valid, headers: { 'idempotency-key': '' }, status: 400, message: KEY },
  {
    name: 'Idempotency-Key with spaces',
    body: valid,
    headers: { 'idempotency-key': 'no spaces allowed' },
    status: 400,
    message: KEY,
  },
  {
    name: 'Idempotency-Key with a slash',
    body: valid,
    headers: { 'idempotency-key': 'cart/7781/try' },
    status: 400,
    message: KEY,
  },
  {
    name: 'Idempotency-Key with Latin-1 bytes',
    body: valid,
    headers: { 'idempotency-key': 'cart-7781-\u00e9t\u00e9' },
    status: 400,
    message: KEY,
  },
  {
    name: 'Idempotency-Key sent twice',
    body: valid,
    headers: { 'idempotency-key': ['cart-7781-a', 'cart-7781-b'] },
    status: 400,
    message: KEY,
  },
  {
    name: 'a 20 KiB header',
    body: valid,
    headers: { 'x-padding': 'p'.repeat(20 * 1024) },
    status: 431,
    message: 'Request Header Fields Too Large',
  },
  // Fastify does not decode Content-Encoding: a compressed body is not JSON.
  {
    name: 'a gzipped body',
    body: gzipSync(valid),
    headers: { 'content-encoding': 'gzip' },
    status: 400,
    message: NOT_JSON,
  },
];

const routes: BadInputCase[] = [
  { name: 'PUT /orders', method: 'PUT', body: valid, status: 404, message: 'Cannot PUT /orders' },
  { name: 'PATCH /orders', method: 'PATCH', body: valid, status: 404, message: 'Cannot PATCH /orders' },
  {
    name: 'DELETE /orders',
    method: 'DELETE',
    body: undefined,
    contentType: null,
    status: 404,
    message: 'Cannot DELETE /orders',
  },
  {
    name: 'POST /orders/:id',
    path: '/orders/01a217b3-8de9-7368-92fb-adf894e78855',
    body: valid,
    status: 404,
    message: 'Cannot POST /orders/',
  },
  {
    name: 'GET /orders/42',
    method: 'GET',
    path: '/orders/42',
    contentType: null,
    status: 400,
    message: 'uuid is expected',
  },
  {
    name: 'GET /orders/ with SQL',
    method: 'GET',
    path: `/orders/${encodeURIComponent("1' OR '1'='1")}`,
    contentType: null,
    status: 400,
    message: 'uuid is expected',
  },
  {
    name: 'GET /orders/ with a UUID and a suffix',
    method: 'GET',
    path: '/orders/01a217b3-8de9-7368-92fb-adf894e78855x',
    contentType: null,
    status: 400,
    message: 'uuid is expected',
  },
  {
    name: 'GET /orders/ with an uppercase-free braced UUID',
    method: 'GET',
    path: '/orders/{01a217b3-8de9-7368-92fb-adf894e78855}',
    contentType: null,
    status: 400,
    message: 'uuid is expected',
  },
  {
    name: 'GET /orders/ with a 10 KiB id',
    method: 'GET',
    path: `/orders/${'a'.repeat(10 * 1024)}`,
    contentType: null,
    status: 414,
    message: 'exceeding the max param length',
  },
  {
    name: 'GET /orders/ with an encoded traversal',
    method: 'GET',
    path: '/orders/..%2f..%2fetc%2fpasswd',
    contentType: null,
    status: 400,
    message: 'uuid is expected',
  },
];

export const BAD_INPUT_CORPUS: readonly BadInputCase[] = [
  ...malformedJson,
  ...contentTypes,
  ...numbers,
  ...arrays,
  ...nested,
  ...pollution,
  ...strings,
  ...contact,
  ...bytes,
  ...duplicates,
  ...headers,
  ...routes,
];
