// The words people read for the tracker's codes (sectors, reporting statuses): pages and the
// people's CSV use the same ones.

const words: Record<string, string> = {
  'not-yet-due': 'not yet due',
  'non-reporting': 'non-reporting',
  'voluntary-community': 'voluntary and community',
};

/** "voluntary-community" -> "voluntary and community", "not-yet-due" -> "not yet due"; other codes as they are. */
export function labelOf(code: string): string {
  return words[code] ?? code;
}
