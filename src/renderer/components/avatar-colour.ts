/** How many --color-avatar-N tokens tokens.css defines. */
export const AVATAR_COLOURS = 8;

/** A stable colour slot for an ID (FNV-1a), so a person keeps their colour everywhere. */
export function avatarColourIndex(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % AVATAR_COLOURS;
}

/**
 * One or two letters for a name: the first letters of the first and last words ("Jane Doe" → "JD");
 * a bare Matrix ID or alias ("@jane.doe:example.org") gives the first letter of its local part; a
 * name without letters or digits gives "?".
 */
export function initials(name: string): string {
  const isId = /^[@#!+]/.test(name);
  const text = isId ? (name.slice(1).split(':')[0] ?? '') : name;
  const words = text.split(/[\s._-]+/u).filter((word) => /[\p{L}\p{N}]/u.test(word));
  const letter = (word: string | undefined): string => word?.match(/[\p{L}\p{N}]/u)?.[0] ?? '';
  const first = letter(words[0]);
  if (!first) return '?';
  const last = words.length > 1 && !isId ? letter(words.at(-1)) : '';
  return (first + last).toLocaleUpperCase();
}
