import { describe, expect, it } from 'vitest';
import { isValidResidentIdNumber, residentIdCheckChar } from '../src/index.js';

describe('resident ID number (GB 11643)', () => {
  it('accepts a number whose check character is right, X included', () => {
    // The standard's own example.
    expect(isValidResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isValidResidentIdNumber('11010519491231002x')).toBe(true);
    const first17 = '43110319900101123';
    expect(isValidResidentIdNumber(first17 + residentIdCheckChar(first17))).toBe(true);
  });

  it('refuses a wrong check character, an impossible birth date, a wrong length or letters', () => {
    expect(isValidResidentIdNumber('110105194912310021')).toBe(false);
    expect(isValidResidentIdNumber('431103199002301235')).toBe(false);
    expect(isValidResidentIdNumber('4311031990010112')).toBe(false);
    expect(isValidResidentIdNumber('43110319900101123A')).toBe(false);
  });
});
