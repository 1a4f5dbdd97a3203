import { ValidationError } from './errors.js';

const COUNTY_CODE = /^[1-8]\d{5}$/;

/** GB/T 2260 administrative division code of a county or district: six digits. */
export function isCountyCode(value: string): boolean {
  return COUNTY_CODE.test(value);
}

export function assertCountyCode(value: string, field = 'countyCode'): void {
  if (!isCountyCode(value)) {
    throw ValidationError.of(field, 'COUNTY_CODE_FORMAT', '须为 6 位行政区划代码（GB/T 2260），如 431103');
  }
}
