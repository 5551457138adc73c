// UK postcodes of suppliers and the areas of partnerships, parsed with the `postcode` library
// (the outward code, district and area of a full postcode; validity of an outward code).
//
// A partnership's area is a list of postcode areas ("B", "WS") or districts ("WS1", "DY4", and
// outward codes with a sub-district letter such as "EC1A"). A supplier is local when its postcode
// falls in one of them; a supplier without a usable postcode is unclassified (null), never
// "not local".

import { parse, validOutcode } from 'postcode';

export type ParsedPostcode = {
  /** Normalised: upper case, one space before the inward code ("WS1 1AA"). */
  postcode: string;
  /** "WS1", "EC1A". */
  outcode: string;
  /** "WS1", "EC1" (the outward code without a sub-district letter). */
  district: string;
  /** "WS", "EC". */
  area: string;
};

/** A full UK postcode in any spacing and case, or null when it is not one. */
export function parsePostcode(text: string): ParsedPostcode | null {
  const parsed = parse(text.trim());
  if (!parsed.valid) return null;
  return { postcode: parsed.postcode, outcode: parsed.outcode, district: parsed.district, area: parsed.area };
}

/**
 * One entry of a partnership's area, normalised ("ws 1" -> "WS1", "b" -> "B"), or null when it is
 * neither a postcode area (one or two letters) nor a valid outward code.
 */
export function parseAreaEntry(text: string): string | null {
  const entry = text.replace(/\s+/g, '').toUpperCase();
  if (/^[A-Z]{1,2}$/.test(entry)) return entry;
  return validOutcode(entry) ? entry : null;
}

/**
 * Whether a postcode lies in an area (normalised entries, as parseAreaEntry gives them): true when
 * one entry is its area, district or outward code; null when the postcode is missing or unreadable,
 * or the area is not defined (nothing is local or not until it is).
 */
export function isLocal(postcode: string | null | undefined, area: readonly string[]): boolean | null {
  if (!postcode || area.length === 0) return null;
  const parsed = parsePostcode(postcode);
  if (!parsed) return null;
  return outcodeInArea(parsed.outcode, area);
}

/** Whether an outward code ("WS1", "EC1A") lies in an area of normalised entries. */
export function outcodeInArea(outcode: string, area: readonly string[]): boolean {
  const district = outcode.replace(/^([A-Z]{1,2}\d+)[A-Z]$/, '$1');
  const postcodeArea = outcode.replace(/\d.*$/, '');
  return area.some((entry) => entry === postcodeArea || entry === district || entry === outcode);
}
