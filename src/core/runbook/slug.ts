// Ids for runbooks and steps: short, readable, safe in URLs, file names and
// run records.

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_SLUG = 64;

export function isValidId(text: string): boolean {
  return ID.test(text) && !text.endsWith('-');
}

/** "Stop the client's service" -> "stop-the-clients-service"; accents dropped, at most 64 characters. */
export function slugify(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f'\u2019]/g, '').toLowerCase();
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, MAX_SLUG).replace(/-+$/, '');
}
