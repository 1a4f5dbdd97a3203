import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode } from '../src/index.js';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts published codes with a correct check character', () => {
    // Well-known published codes.
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91110000802100433B')).toBe(true);
  });

  it('rejects a wrong check character, wrong length and characters outside the alphabet', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
  });

  it('computes the check character over the first 17', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });
});
