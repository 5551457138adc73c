import {
  factInForce,
  normaliseCharityNumber,
  normaliseCompanyNumber,
  partnershipAreaInput,
  rowClassification,
  smeFromAccountsCategory,
  supplierFactsInput,
  vcseFromCompanyCategory,
} from '@compact-tracker/domain/supplier-facts';
import { describe, expect, it } from 'vitest';

const at = '2026-01-01T00:00:00.000Z';

describe('which fact counts', () => {
  it('an officer fact wins over a register fact', () => {
    expect(
      factInForce({
        officer: { value: false, setAt: at, setBy: 'org1' },
        register: { value: true, setAt: at, setBy: 'register:r1' },
      }),
    ).toBe(false);
    expect(factInForce({ register: { value: true, setAt: at, setBy: 'register:r1' } })).toBe(true);
    expect(factInForce({})).toBeNull();
    expect(factInForce(undefined)).toBeNull();
  });

  it("a row's own flag wins over its supplier's fact", () => {
    expect(rowClassification(false, true)).toBe(false);
    expect(rowClassification(true, false)).toBe(true);
    expect(rowClassification(undefined, true)).toBe(true);
    expect(rowClassification(null, false)).toBe(false);
    expect(rowClassification(undefined, null)).toBeNull();
  });

  it('row flag > officer > register, all three together', () => {
    const supplier = factInForce({
      officer: { value: true, setAt: at, setBy: 'org1' },
      register: { value: false, setAt: at, setBy: 'register:r1' },
    }) as boolean;
    expect(rowClassification(false, supplier)).toBe(false);
    expect(rowClassification(undefined, supplier)).toBe(true);
  });
});

describe('register categories', () => {
  it.each([
    'MICRO ENTITY',
    'SMALL',
    'MEDIUM',
    'TOTAL EXEMPTION FULL',
    'TOTAL EXEMPTION SMALL',
    'UNAUDITED ABRIDGED',
    'micro  entity',
  ])('accounts category %j is an SME', (category) => {
    expect(smeFromAccountsCategory(category)).toBe(true);
  });

  it.each(['FULL', 'GROUP', 'AUDIT EXEMPTION SUBSIDIARY', 'DORMANT', 'NO ACCOUNTS FILED', '', undefined])(
    'accounts category %j leaves SME unknown',
    (category) => {
      expect(smeFromAccountsCategory(category)).toBeNull();
    },
  );

  it('a community interest company is a VCSE; other categories say nothing', () => {
    expect(vcseFromCompanyCategory('Community Interest Company')).toBe(true);
    expect(vcseFromCompanyCategory('Private Limited Company')).toBeNull();
    expect(
      vcseFromCompanyCategory('PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)'),
    ).toBeNull();
  });

  it('normalises company and charity numbers', () => {
    expect(normaliseCompanyNumber('1234567')).toBe('01234567');
    expect(normaliseCompanyNumber(' sc123456 ')).toBe('SC123456');
    expect(normaliseCompanyNumber('ABC')).toBeNull();
    expect(normaliseCharityNumber('1089464')).toBe('1089464');
    expect(normaliseCharityNumber('1089464-1')).toBe('1089464-1');
    expect(normaliseCharityNumber('12')).toBeNull();
  });
});

describe('inputs', () => {
  it('reads supplier facts, normalising postcodes and numbers; null clears', () => {
    expect(supplierFactsInput.parse({ postcode: 'ox1 1bx', companyNumber: '1234567', sme: null })).toEqual({
      postcode: 'OX1 1BX',
      companyNumber: '01234567',
      sme: null,
    });
    expect(supplierFactsInput.safeParse({}).success).toBe(false);
    expect(supplierFactsInput.safeParse({ postcode: 'nowhere' }).success).toBe(false);
    expect(supplierFactsInput.safeParse({ colour: 'red' }).success).toBe(false);
  });

  it('reads an area as normalised, deduplicated areas and districts', () => {
    expect(partnershipAreaInput.parse({ postcodes: ['b', 'WS 1', 'DY4', 'B'] })).toEqual({
      postcodes: ['B', 'DY4', 'WS1'],
    });
    expect(partnershipAreaInput.safeParse({ postcodes: ['Birmingham'] }).success).toBe(false);
  });
});
