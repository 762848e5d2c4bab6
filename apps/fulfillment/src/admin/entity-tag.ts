/** The strong entity tag of an inventory row's version: `"42"`. */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/**
 * What an If-Match header asks for (RFC 9110 §13.1.1): `*` (the row exists)
 * or the versions its strong tags name. Weak tags (W/"…") and anything that
 * is not one of our tags never match, so a malformed header fails the
 * precondition rather than being ignored.
 */
export function parseIfMatch(header: string): '*' | number[] {
  if (header.trim() === '*') return '*';
  const versions: number[] = [];
  for (const tag of header.split(',')) {
    const match = /^"([0-9]{1,15})"$/.exec(tag.trim());
    if (match) versions.push(Number(match[1]));
  }
  return versions;
}
