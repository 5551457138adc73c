import { isLocal, parseAreaEntry, parsePostcode } from '@compact-tracker/domain/postcodes';
import { describe, expect, it } from 'vitest';

describe('supplier postcodes', () => {
  it.each([
    ['OX1 1BX', 'OX1 1BX', 'OX1', 'OX'],
    [' ox1 1bx ', 'OX1 1BX', 'OX1', 'OX'],
    ['ws11aa', 'WS1 1AA', 'WS1', 'WS'],
    ['WS1   1AA', 'WS1 1AA', 'WS1', 'WS'],
    ['dy4 7ab', 'DY4 7AB', 'DY4', 'DY'],
    ['EC1A1BB', 'EC1A 1BB', 'EC1A', 'EC'],
  ])('%j reads as %j (%s, area %s)', (text, postcode, outcode, area) => {
    expect(parsePostcode(text)).toMatchObject({ postcode, outcode, area });
  });

  it.each(['', 'Oxford', '12345', 'OX1', 'OX1 1B'])('%j is not a postcode', (text) => {
    expect(parsePostcode(text)).toBeNull();
  });
});

describe('area entries', () => {
  it.each([
    ['B', 'B'],
    ['b', 'B'],
    ['WS1', 'WS1'],
    ['ws 1', 'WS1'],
    ['DY4', 'DY4'],
    ['ec1a', 'EC1A'],
  ])('%j is the entry %j', (text, entry) => {
    expect(parseAreaEntry(text)).toBe(entry);
  });

  it.each(['', 'B1 1BB', 'BIRMINGHAM', '1', 'ABC'])('%j is refused', (text) => {
    expect(parseAreaEntry(text)).toBeNull();
  });
});

describe('local from postcode and area', () => {
  const area = ['B', 'WS1', 'DY4'];
  it('is local in a listed postcode area or district, whatever the spacing and case', () => {
    expect(isLocal('B15 2TT', area)).toBe(true);
    expect(isLocal('b152tt', area)).toBe(true);
    expect(isLocal('WS1 1AA', area)).toBe(true);
    expect(isLocal('ws1 1aa', area)).toBe(true);
    expect(isLocal('DY4 7AB', area)).toBe(true);
  });

  it('is not local outside it, nor in a district that only starts with the same characters', () => {
    expect(isLocal('WS10 1AA', area)).toBe(false);
    expect(isLocal('DY1 1AA', area)).toBe(false);
    expect(isLocal('BS1 4DJ', area)).toBe(false);
    expect(isLocal('OX1 1BX', area)).toBe(false);
  });

  it('is unclassified (null) without a usable postcode, never "not local"', () => {
    expect(isLocal(null, area)).toBeNull();
    expect(isLocal(undefined, area)).toBeNull();
    expect(isLocal('', area)).toBeNull();
    expect(isLocal('somewhere', area)).toBeNull();
  });

  it('matches a sub-district by its district and its own outward code', () => {
    expect(isLocal('EC1A 1BB', ['EC1'])).toBe(true);
    expect(isLocal('EC1A 1BB', ['EC1A'])).toBe(true);
    expect(isLocal('EC1V 1BB', ['EC1A'])).toBe(false);
    expect(isLocal('EC1A 1BB', ['EC'])).toBe(true);
  });
});
