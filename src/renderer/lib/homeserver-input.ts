/**
 * People type "matrix.example.org", not "https://matrix.example.org": assume https when no scheme
 * is given. Discovery from a Matrix ID (.well-known) comes with the core's sign-in work.
 */
export function normaliseHomeserverInput(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed;
  return `https://${trimmed}`;
}
