import { Transform } from 'node:stream';
import { TextDecoder } from 'node:util';

// Council CSVs come as UTF-8 (often with a byte-order mark) or as Windows-1252 from older
// finance systems, where "£" is the single byte 0xA3 and "’" is 0x92. The encoding is decided
// from the whole file: UTF-8 when every byte of it is valid UTF-8, Windows-1252 otherwise (a
// Leeds file's first accented byte can sit many megabytes in). A file that is all ASCII reads
// the same either way and is reported as `null`.

export type Encoding = 'utf-8' | 'windows-1252';

const BOM = [0xef, 0xbb, 0xbf];

/** Watches a file's bytes go by, a chunk at a time, and says at the end how to decode them. */
export class EncodingDetector {
  #decoder = new TextDecoder('utf-8', { fatal: true });
  #nonAscii = false;
  #invalid = false;

  push(chunk: Uint8Array): void {
    if (this.#invalid) return;
    if (!this.#nonAscii) {
      // Until the first byte over 0x7F everything is ASCII: nothing to check.
      if (!chunk.some((b) => b >= 0x80)) return;
      this.#nonAscii = true;
    }
    try {
      this.#decoder.decode(chunk, { stream: true });
    } catch {
      this.#invalid = true;
    }
  }

  /** After the last chunk: a sequence left open at the end of the file is not UTF-8 either. */
  finish(): Encoding | null {
    if (this.#nonAscii && !this.#invalid) {
      try {
        this.#decoder.decode();
      } catch {
        this.#invalid = true;
      }
    }
    if (this.#invalid) return 'windows-1252';
    return this.#nonAscii ? 'utf-8' : null;
  }
}

/**
 * The encoding of the first part of a file (a preview's sample): as for a whole file, except that a
 * UTF-8 sequence cut by the end of the sample is not held against it.
 */
export function sampleEncoding(bytes: Uint8Array): Encoding | null {
  const detector = new EncodingDetector();
  detector.push(withoutCutTail(bytes));
  return detector.finish();
}

/** Decodes bytes as the encoding says (UTF-8 when null), without a leading byte-order mark. */
export function decodeBytes(bytes: Uint8Array, encoding: Encoding | null): string {
  return new TextDecoder(encoding ?? 'utf-8').decode(stripBom(bytes));
}

/** Text made of the bytes one for one (ISO-8859-1), so that it can be decoded again once known. */
export function bytesAsText(): Transform {
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const bytes = first ? stripBom(chunk) : chunk;
      first = false;
      done(null, Buffer.from(bytes).toString('latin1'));
    },
  });
}

/** Text read back to the bytes it was made of by `bytesAsText`, then decoded for real. */
export function redecode(text: string, encoding: Encoding | null): string {
  return new TextDecoder(encoding ?? 'utf-8').decode(Buffer.from(text, 'latin1'));
}

/** Decodes a stream of bytes as the encoding says, dropping a leading byte-order mark. */
export function decodeStream(encoding: Encoding | null): Transform {
  const decoder = new TextDecoder(encoding ?? 'utf-8', { ignoreBOM: true });
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const bytes = first ? stripBom(chunk) : chunk;
      first = false;
      done(null, decoder.decode(bytes, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

/** A pass-through that shows every byte to the detector. */
export function detectingEncoding(detector: EncodingDetector): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      detector.push(chunk);
      done(null, chunk);
    },
  });
}

function stripBom(bytes: Uint8Array): Uint8Array {
  return bytes.length >= 3 && BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(3) : bytes;
}

/** Drops a trailing UTF-8 sequence that the end of a sample may have cut. */
function withoutCutTail(bytes: Uint8Array): Uint8Array {
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
