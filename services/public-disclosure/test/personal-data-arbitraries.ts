import fc from 'fast-check';
import { residentIdCheckChar } from '@lesp/core';
import type { SourceTarget } from '../src/domain/masking.js';

/** Arbitraries for natural persons as case intake may record them. */
export const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCodePoint(code));
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '欧阳', '司马', '赵', '黄'];
export const personName = fc
  .tuple(fc.constantFrom(...SURNAMES), fc.array(cjk, { minLength: 1, maxLength: 3 }))
  .map(([surname, given]) => `${surname}${given.join('')}`);
export const residentId = fc
  .tuple(
    fc.constantFrom('431103', '433124', '522229', '500241', '110101'),
    fc.date({ min: new Date('1940-01-01'), max: new Date('2008-12-31'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([area, birth, seq]) => {
    const first17 = `${area}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
    return `${first17}${residentIdCheckChar(first17)}`;
  });
export const mobile = fc
  .tuple(fc.constantFrom('13', '15', '17', '18', '19'), fc.integer({ min: 0, max: 999_999_999 }))
  .map(([prefix, rest]) => `${prefix}${String(rest).padStart(9, '0')}`);
const township = fc.constantFrom('梧桐街道', '岚角山镇', '普利桥镇', '黄阳司镇', '蔡市镇');
export const address = fc
  .tuple(township, fc.array(cjk, { minLength: 2, maxLength: 6 }), fc.integer({ min: 1, max: 999 }))
  .map(([town, road, no]) => `湖南省永州市冷水滩区${town}${road.join('')}路${no}号`);

export const naturalPerson = fc.record({
  kind: fc.constant('natural_person'),
  name: personName,
  idNumber: residentId,
  creditCode: fc.constant(''),
  phone: mobile,
  address,
  enterprise: fc.constant(false),
});

/** Everything of the person's that must not come out: name, ID number, phone digits, street. */
export function leaks(output: string, person: SourceTarget): string[] {
  const found: string[] = [];
  const digitsOnly = output.replace(/[\s-]/g, '');
  if (output.includes(person.name)) found.push('name');
  if (output.toUpperCase().includes(person.idNumber.toUpperCase())) found.push('idNumber');
  if (digitsOnly.includes(person.phone)) found.push('phone');
  if (output.includes(person.address)) found.push('address');
  return found;
}
