import {
  identityKeys,
  normaliseCompanyNumber,
  normaliseName,
  normalisePostcode,
} from '@compact-tracker/domain/organisation-identity';
import { describe, expect, it } from 'vitest';

describe('what makes two organisations the same', () => {
  it('normalises names: case, accents, punctuation, "&", legal forms and "the"', () => {
    expect(normaliseName('The Birmingham Food Co-op Ltd.')).toBe('birmingham food op');
    expect(normaliseName('birmingham food co op')).toBe('birmingham food op');
    expect(normaliseName('Smith & Sons Limited')).toBe(normaliseName('SMITH AND SONS'));
    expect(normaliseName('Café Nova CIC')).toBe('cafe nova');
    expect(normaliseName('Birmingham City Council')).not.toBe(normaliseName('Birmingham City Council Trust'));
  });

  it('normalises postcodes and company numbers', () => {
    expect(normalisePostcode('b1 1bb')).toBe('B11BB');
    expect(normaliseCompanyNumber('123456')).toBe('00123456');
    expect(normaliseCompanyNumber('sc 012345')).toBe('SC012345');
  });

  it('an organisation holds one key per identifier it has, always its name at its postcode', () => {
    expect(identityKeys({ name: 'The Company Ltd', postcode: 'B1 1BB' })).toEqual([
      { kind: 'name-and-postcode', value: 'the company ltd|B11BB' },
    ]);
    expect(
      identityKeys({ name: 'Acme', postcode: 'B1 1BB', companyNumber: '123', charityNumber: '1098765' }).map(
        (k) => k.kind,
      ),
    ).toEqual(['company-number', 'charity-number', 'name-and-postcode']);
  });
});
