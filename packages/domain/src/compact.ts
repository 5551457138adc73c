import { createHash } from 'node:crypto';
import { ruleBroken } from './errors.ts';

export type CompactStatus = 'draft' | 'open' | 'closed';

export type CompactText = {
  title: string;
  summary: string;
  commitments: string[];
};

export type CompactState = CompactText & {
  status: CompactStatus;
  version: number;
  textSha256: string;
};

/**
 * SHA-256 of a canonical serialisation of the text: JSON with a fixed key order, so anyone can
 * recompute it from the published words. A signature stores this hash with its version.
 */
export function hashCompactText(text: CompactText): string {
  const canonical = JSON.stringify({
    title: text.title,
    summary: text.summary,
    commitments: text.commitments,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export function newCompact(text: CompactText): CompactState {
  return { ...text, status: 'draft', version: 1, textSha256: hashCompactText(text) };
}

/**
 * A draft is edited in place; an open compact gets a new version (signatures keep the version
 * they accepted); a closed compact cannot change. Unchanged text makes no new version.
 */
export function reviseCompact(current: CompactState, text: CompactText): CompactState {
  if (current.status === 'closed') throw ruleBroken('a closed compact cannot be edited');
  const textSha256 = hashCompactText(text);
  if (textSha256 === current.textSha256) return current;
  const version = current.status === 'open' ? current.version + 1 : current.version;
  return { ...text, status: current.status, version, textSha256 };
}

export function publishCompact(current: CompactState): CompactState {
  if (current.status !== 'draft')
    throw ruleBroken(`only a draft can be published; this compact is ${current.status}`);
  return { ...current, status: 'open' };
}

export function closeCompact(current: CompactState): CompactState {
  if (current.status !== 'open')
    throw ruleBroken(`only an open compact can be closed; this compact is ${current.status}`);
  return { ...current, status: 'closed' };
}

/** What a signatory must have seen for a signature to count: the open compact's current words. */
export function checkSignable(current: CompactState, seen: { version: number; textSha256: string }): void {
  if (current.status !== 'open')
    throw ruleBroken(`the compact is ${current.status}, not open for signatures`);
  if (seen.version !== current.version) {
    throw ruleBroken(
      `version ${seen.version} is not the current version (${current.version}); reload and read the current text`,
    );
  }
  if (seen.textSha256 !== current.textSha256) {
    throw ruleBroken('textSha256 does not match the current text of this version');
  }
}
