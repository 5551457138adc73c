import { diffArrays, diffWords } from 'diff';

// The difference between two versions of a compact's text, as a coordinator (or a signatory
// deciding whether to sign again) reads it: which commitments were added, removed or kept, and the
// words changed in the title and summary.

export type TextPart = { text: string; change: 'same' | 'added' | 'removed' };

export type CompactText = { title: string; summary: string; commitments: string[] };

export type CompactDiff = {
  title: TextPart[];
  summary: TextPart[];
  /** One entry per commitment, in order: kept, removed (from the older) or added (in the newer). */
  commitments: TextPart[];
  changed: boolean;
};

const part = (text: string, change: { added: boolean; removed: boolean }): TextPart => ({
  text,
  change: change.added ? 'added' : change.removed ? 'removed' : 'same',
});

export function compactDiff(older: CompactText, newer: CompactText): CompactDiff {
  const title = diffWords(older.title, newer.title).map((c) => part(c.value, c));
  const summary = diffWords(older.summary, newer.summary).map((c) => part(c.value, c));
  const commitments = diffArrays(older.commitments, newer.commitments).flatMap((c) =>
    c.value.map((text) => part(text, c)),
  );
  const changed = [...title, ...summary, ...commitments].some((p) => p.change !== 'same');
  return { title, summary, commitments, changed };
}
