import {
  checkSignable,
  closeCompact,
  hashCompactText,
  newCompact,
  publishCompact,
  reviseCompact,
} from '@compact-tracker/domain/compact';
import { DomainError } from '@compact-tracker/domain/errors';
import { describe, expect, it } from 'vitest';

const text = { title: 'Compact', summary: 'We commit.', commitments: ['One', 'Two'] };

const kindOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.kind : 'other';
  }
  return 'none';
};

describe('compact text hashing', () => {
  it('is the SHA-256 of the canonical JSON, reproducible by anyone', () => {
    // printf '%s' '{"title":"Compact","summary":"We commit.","commitments":["One","Two"]}' | sha256sum
    expect(hashCompactText(text)).toBe('9bb0541019f4887bf227201d27cdc0cff5289f38a15f6ac4d09d32082fe60981');
  });

  it('changes with any word, the order of commitments, and where a line break falls', () => {
    const base = hashCompactText(text);
    expect(hashCompactText({ ...text, title: 'Compact ' })).not.toBe(base);
    expect(hashCompactText({ ...text, commitments: ['Two', 'One'] })).not.toBe(base);
    expect(hashCompactText({ ...text, commitments: ['One\nTwo'] })).not.toBe(
      hashCompactText({ ...text, commitments: ['One', 'Two'] }),
    );
  });
});

describe('compact versioning', () => {
  it('starts as a version 1 draft', () => {
    expect(newCompact(text)).toMatchObject({
      status: 'draft',
      version: 1,
      textSha256: hashCompactText(text),
    });
  });

  it('edits a draft in place', () => {
    const edited = reviseCompact(newCompact(text), { ...text, title: 'New title' });
    expect(edited).toMatchObject({ status: 'draft', version: 1, title: 'New title' });
    expect(edited.textSha256).toBe(hashCompactText({ ...text, title: 'New title' }));
  });

  it('gives an open compact a new version with a new hash', () => {
    const open = publishCompact(newCompact(text));
    const v2 = reviseCompact(open, { ...text, commitments: ['One', 'Two', 'Three'] });
    expect(v2).toMatchObject({ status: 'open', version: 2 });
    expect(v2.textSha256).not.toBe(open.textSha256);
  });

  it('makes no new version for unchanged text', () => {
    const open = publishCompact(newCompact(text));
    expect(reviseCompact(open, { ...text })).toBe(open);
  });

  it('refuses to edit a closed compact', () => {
    const closed = closeCompact(publishCompact(newCompact(text)));
    expect(kindOf(() => reviseCompact(closed, { ...text, title: 'x' }))).toBe('rule');
  });

  it('publishes drafts only and closes open compacts only', () => {
    const open = publishCompact(newCompact(text));
    expect(kindOf(() => publishCompact(open))).toBe('rule');
    expect(kindOf(() => closeCompact(newCompact(text)))).toBe('rule');
    expect(closeCompact(open).status).toBe('closed');
  });
});

describe('what a signature must have seen', () => {
  const open = publishCompact(newCompact(text));
  const v2 = reviseCompact(open, { ...text, title: 'Revised' });

  it('accepts the current version and hash of an open compact', () => {
    expect(kindOf(() => checkSignable(v2, { version: 2, textSha256: v2.textSha256 }))).toBe('none');
  });

  it('refuses a stale version, a wrong hash, a draft and a closed compact', () => {
    expect(kindOf(() => checkSignable(v2, { version: 1, textSha256: open.textSha256 }))).toBe('rule');
    expect(kindOf(() => checkSignable(v2, { version: 2, textSha256: open.textSha256 }))).toBe('rule');
    const draft = newCompact(text);
    expect(kindOf(() => checkSignable(draft, { version: 1, textSha256: draft.textSha256 }))).toBe('rule');
    const closed = closeCompact(v2);
    expect(kindOf(() => checkSignable(closed, { version: 2, textSha256: v2.textSha256 }))).toBe('rule');
  });
});
