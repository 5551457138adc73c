// An item's size as DynamoDB counts it against the 400 KB limit, near enough: attribute names and
// values in UTF-8, numbers about one byte per two digits, plus the small overheads of lists and maps.
// Works on the low-level client's attribute values ({ S: ... }, { N: ... }, { M: ... }).

import type { AttributeValue } from '@aws-sdk/client-dynamodb';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

export function attributeValueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + 1 + attributeValueSize(v), 0);
  if (value.M !== undefined) {
    return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + utf8(k) + attributeValueSize(v), 0);
  }
  return 0;
}

/** Up to 38 significant digits, stored about two to a byte, plus one. */
function numberSize(n: string): number {
  const digits = n.replace(/^-/, '').replace(/[.]/, '').replace(/e.*$/i, '').replace(/^0+/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + attributeValueSize(value), 0);
}
