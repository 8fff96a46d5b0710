import { describe, expect, it } from 'vitest';
import { ledgerBankCard, ledgerIdNumber, ledgerMobile, ledgerUrl } from './api';

describe('ledger masking', () => {
  it('shows the full ID number only to the county', () => {
    expect(ledgerIdNumber('county_staff', '341602198001011234')).toBe('341602198001011234');
    expect(ledgerIdNumber('city_staff', '341602198001011234')).toBe('341602********1234');
    expect(ledgerIdNumber('township_staff', '341602198001011234')).toBe('341602********1234');
    expect(ledgerIdNumber('city_staff', null)).toBe('');
  });
  it('never shows a full bank card; mobiles in full only to the county', () => {
    expect(ledgerBankCard('6222021234567890123')).toBe('**** **** **** 0123');
    expect(ledgerMobile('county_staff', '13800001234')).toBe('13800001234');
    expect(ledgerMobile('city_staff', '13800001234')).toBe('138****1234');
  });
  it('builds the export address with only the filters given', () => {
    expect(ledgerUrl('households', { stage: 'managed', q: '', unitId: undefined, year: 2026 })).toBe(
      '/api/ledgers/households.xlsx?stage=managed&year=2026',
    );
  });
});
