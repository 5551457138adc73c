import { Transform } from 'node:stream';
import { TextDecoder } from 'node:util';

// Council CSVs come as UTF-8 (often with a byte-order mark) or as Windows-1252 from older
// finance systems, where "£" is the single byte 0xA3. Decoding is decided on the first bytes
// that are not ASCII: if they are valid UTF-8 the file is read as UTF-8, otherwise as
// Windows-1252. A file that is all ASCII reads the same either way.

export type Encoding = 'utf-8' | 'windows-1252';

export function decodeCsvText(): Transform & { encoding(): Encoding | null } {
  let decoder: TextDecoder | null = null;
  let chosen: Encoding | null = null;
  let pending: Buffer[] = [];
  const transform = new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, done) {
      if (!decoder) {
        pending.push(chunk);
        const buffered = Buffer.concat(pending);
        const decision = decide(buffered);
        if (!decision && buffered.length < 1 << 20) return done();
        chosen = decision ?? 'utf-8';
        decoder = new TextDecoder(chosen);
        pending = [];
        return done(null, decoder.decode(buffered, { stream: true }));
      }
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      if (!decoder) {
        const buffered = Buffer.concat(pending);
        chosen = decide(buffered) ?? 'utf-8';
        decoder = new TextDecoder(chosen);
        return done(null, decoder.decode(buffered));
      }
      done(null, decoder.decode());
    },
  });
  return Object.assign(transform, { encoding: () => chosen });
}

/** null while everything seen is ASCII (or a UTF-8 sequence may be cut at the end). */
function decide(bytes: Buffer): Encoding | null {
  const firstHigh = bytes.findIndex((b) => b >= 0x80);
  if (firstHigh < 0) return null;
  // Judge a window after the first non-ASCII byte, leaving out a sequence cut at the end.
  const window = bytes.subarray(firstHigh, Math.min(bytes.length, firstHigh + 4096));
  const end = cutIncompleteTail(window);
  if (end.length === 0) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(end);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Drops a trailing UTF-8 sequence that may continue in the next chunk. */
function cutIncompleteTail(bytes: Buffer): Buffer {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
    }
    return bytes;
  }
  return bytes;
}
