import { describe, expect, it } from 'vitest';
import {
  findPersonalData,
  isResidentId,
  jsonEscaped,
  maskPersonalData,
  residentIdCheckChar,
  type PersonalDataFinding,
} from '../src/personal-data-patterns.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const kinds = (text: string, planted: { label: string; value: string }[] = []) =>
  findPersonalData(text, { now: NOW, planted }).map((f: PersonalDataFinding) => `${f.kind}:${f.value}`);

/** A syntactically valid ID number (right check character) for a birth date. */
const idFor = (division: string, birth: string, sequence: string) => {
  const first17 = `${division}${birth}${sequence}`;
  return `${first17}${residentIdCheckChar(first17)}`;
};

describe('resident identity numbers (GB 11643)', () => {
  it('computes the check character of the standard example', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(isResidentId('11010519491231002X', NOW)).toBe(true);
    expect(isResidentId('11010519491231002x', NOW)).toBe(true);
  });

  it('finds ID numbers in log text, JSON and Chinese prose', () => {
    const id = idFor('431103', '19800101', '123');
    expect(kinds(`{"legalBasis":"身份证号${id}，请核实"}`)).toEqual([`resident-id:${id}`]);
    expect(kinds(`id=${id} ok`)).toEqual([`resident-id:${id}`]);
    expect(kinds(`"11010519491231002X"`)).toEqual(['resident-id:11010519491231002X']);
    expect(kinds(`${id}`)).toEqual([`resident-id:${id}`]);
  });

  it('refuses a wrong check character, an impossible or implausible birth date, a bad division code', () => {
    const id = idFor('431103', '19800101', '123');
    const wrongCheck = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
    expect(kinds(wrongCheck)).toEqual([]);
    expect(kinds(idFor('431103', '19800231', '123'))).toEqual([]); // 31 February
    expect(kinds(idFor('431103', '19801301', '123'))).toEqual([]); // month 13
    expect(kinds(idFor('431103', '18991231', '123'))).toEqual([]); // before 1900
    expect(kinds(idFor('431103', '20301231', '123'))).toEqual([]); // born in the future
    expect(kinds(idFor('031103', '19800101', '123'))).toEqual([]); // no division starts with 0
    expect(kinds(idFor('431103', '20000229', '123'))).toHaveLength(1); // a leap day exists
  });

  it('does not match inside longer alphanumeric runs', () => {
    const id = idFor('431103', '19800101', '123');
    expect(kinds(`9${id}`)).toEqual([]);
    expect(kinds(`${id}7`)).toEqual([]);
    expect(kinds(`a${id}`)).toEqual([]);
    expect(kinds(`${id}f`)).toEqual([]);
  });
});

describe('mainland mobile numbers', () => {
  it('finds them alone, in JSON, in Chinese prose and with the country code', () => {
    expect(kinds('13800138000')).toEqual(['mobile:13800138000']);
    expect(kinds('{"reason":"联系电话：19912345678。"}')).toEqual(['mobile:19912345678']);
    expect(kinds('tel +86 15012345678')).toEqual(['mobile:+86 15012345678']);
    expect(kinds('tel:+86-15012345678')).toEqual(['mobile:+86-15012345678']);
    expect(kinds('"phone":"+8615012345678"')).toEqual(['mobile:+8615012345678']);
  });

  it('ignores numbers that are not mobiles or sit in longer digit runs', () => {
    expect(kinds('12012345678')).toEqual([]); // 12x is no mobile prefix
    expect(kinds('10012345678')).toEqual([]);
    expect(kinds('138001380001')).toEqual([]); // 12 digits
    expect(kinds('913800138000')).toEqual([]);
    expect(kinds('1380013800')).toEqual([]); // 10 digits
  });
});

describe('what our logs are full of is not personal data', () => {
  it.each([
    ['a UUID v4', '3f1c2a9e-4b7d-4c1e-9a2b-13800138000f'],
    ['uuidv7 ids', '01a2143a-e974-71ae-a952-533a7fb1786b 0190b6f4-1380-7013-8000-138001380001'],
    ['epoch milliseconds (13 digits)', '{"time":1764099725123,"ms":13800138000123}'],
    ['a 10-digit epoch in seconds', '"iat":1764099725'],
    ['unified social credit codes (18 characters)', '11431103MB00000018 11431103MB1A23456Q 91431103MA4L13800X'],
    [
      'SHA-256 hashes in hex',
      '"hash":"13800138000a11010519491231002X9f0e8d7c6b5a4938271605f4e3d2c1b0a","previousHash":"0000000000000000000000000000000000000000000000000000000000000000"',
    ],
    ['a hex run with 11 digits inside', 'deadbeef13800138000cafe'],
    ['a county code, ports and durations', '{"countyCode":"431103","port":19092,"ms":12}'],
    ['a 17-digit number', '13800138000123456'],
    ['a 19-digit number', '1101051949123100212'],
  ])('%s', (_what, text) => {
    expect(kinds(text)).toEqual([]);
  });
});

describe('planted literal values', () => {
  const planted = [
    { label: 'name', value: '张三丰' },
    { label: 'mobile', value: '13800138000' },
  ];

  it('finds them raw and JSON-escaped, every occurrence', () => {
    expect(kinds('{"msg":"张三丰 and 张三丰"}', planted)).toEqual(['planted:张三丰', 'planted:张三丰']);
    expect(kinds(`{"msg":"${jsonEscaped('张三丰')}"}`, planted)).toEqual(['planted:\\u5f20\\u4e09\\u4e30']);
    expect(kinds('call 13800138000', planted)).toEqual(['mobile:13800138000', 'planted:13800138000']);
  });

  it('ignores empty planted values and finds nothing in clean text', () => {
    expect(kinds('nothing here', [{ label: 'empty', value: '' }, ...planted])).toEqual([]);
  });
});

describe('masking', () => {
  it('keeps only the first and last character', () => {
    expect(maskPersonalData('11010519491231002X')).toBe('1****************X');
    expect(maskPersonalData('张三丰')).toBe('张*丰');
    expect(maskPersonalData('ab')).toBe('**');
  });
});
