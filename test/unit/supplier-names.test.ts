import {
  isUndisclosedName,
  normaliseSupplierName,
  supplierNameKey,
} from '@compact-tracker/domain/supplier-names';
import { describe, expect, it } from 'vitest';

// Names as Oxford City Council's spend files write them (OxOpenData/expenditure-over-500),
// trailing padding and all.
describe('supplier name normalisation', () => {
  it.each([
    ['REED SPECIALIST RECRUITMENT LIMITED', 'REED SPECIALIST RECRUITMENT LTD'],
    ['Reed Specialist Recruitment Ltd', 'REED SPECIALIST RECRUITMENT LTD'],
    ['REED SPECIALIST RECRUITMENT LTD                   ', 'REED SPECIALIST RECRUITMENT LTD'],
    ['OXFORDSHIRE COUNTY COUNCIL                        ', 'OXFORDSHIRE COUNTY COUNCIL'],
    ['PERSONAL STRENGTHS (UK) LTD', 'PERSONAL STRENGTHS UK LTD'],
    ['Marks & Spencer PLC', 'MARKS AND SPENCER PLC'],
    ['Marks and Spencer Public Limited Company', 'MARKS AND SPENCER PLC'],
    ['The Oxford Playhouse Trust', 'OXFORD PLAYHOUSE TRUST'],
    ['  Café  Nero  Ltd. ', 'CAFE NERO LTD'],
    ['A.B.C. Co. Ltd', 'A B C CO LTD'],
    ['THE', 'THE'],
  ])('%j -> %j', (name, key) => {
    expect(normaliseSupplierName(name)).toBe(key);
  });

  it('folds the two spellings of one real supplier together', () => {
    expect(normaliseSupplierName('REED SPECIALIST RECRUITMENT LIMITED')).toBe(
      normaliseSupplierName('Reed Specialist Recruitment Ltd'),
    );
  });

  it('does not merge a misspelt name by guesswork', () => {
    expect(normaliseSupplierName('BT GLOBAL SERVIES')).not.toBe(normaliseSupplierName('BT GLOBAL SERVICES'));
    expect(normaliseSupplierName('REED BUSINESS INFORMATION LTD')).not.toBe(
      normaliseSupplierName('REED SPECIALIST RECRUITMENT LTD'),
    );
    expect(normaliseSupplierName('OXFORDSHIRE COUNTY COUNCIL PENSION FUND')).not.toBe(
      normaliseSupplierName('OXFORDSHIRE COUNTY COUNCIL'),
    );
  });
});

describe('undisclosed supplier names', () => {
  it.each([
    '',
    '   ',
    '-',
    'Redacted',
    'REDACTED',
    'Redacted personal data',
    'Redacted, personal data',
    'Redacted Personal Data',
    'Redacted personal information',
    'Redacted, personal information',
    'Redacted personal details',
    'Reacted personal data',
    'Personal data',
    'personal information',
  ])('%j is undisclosed', (name) => {
    expect(isUndisclosedName(name)).toBe(true);
  });

  it.each([
    'REDACTIVE MEDIA SALES LIMITED',
    'REDACTIVE PUBLISHING LIMITED',
    'PERSONAL STRENGTHS (UK) LTD',
    'Personal Data Protection Ltd',
    'REED SPECIALIST RECRUITMENT LTD',
  ])('%j is a real name', (name) => {
    expect(isUndisclosedName(name)).toBe(false);
  });
});

describe('the key a row is resolved by', () => {
  it('is the normalised name, or nothing for a blank or redacted name, the same when asked again', () => {
    for (let round = 0; round < 2; round++) {
      expect(supplierNameKey('Reed Specialist Recruitment Limited')).toBe('REED SPECIALIST RECRUITMENT LTD');
      expect(supplierNameKey('REDACTED')).toBe('');
      expect(supplierNameKey('  ')).toBe('');
    }
  });
});
