import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskTarget, scrubText, type SourceTarget } from '../../src/domain/masking.js';
import { cjk, leaks, naturalPerson } from '../personal-data-arbitraries.js';

/** How a clerk may write a phone number into free text. */
function phoneForms(phone: string): string[] {
  return [
    phone,
    `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
    `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
    `+86${phone}`,
  ];
}

/** Free text that mentions the person in the ways case files do. */
function textAbout(person: SourceTarget, filler: string, form: number): string {
  const phone = phoneForms(person.phone)[form % 4]!;
  return `当事人${person.name}（公民身份号码：${person.idNumber}，联系电话${phone}，住${person.address}）${filler}，${person.name}对违法事实无异议。`;
}

describe('masking (pure)', () => {
  it('natural persons: 张*三, no ID number, no credit code', () => {
    const masked = maskTarget({
      kind: 'natural_person',
      name: '张小三',
      idNumber: '431103199001011234',
      creditCode: '',
      phone: '13812345678',
      address: '湖南省永州市冷水滩区梧桐街道凤凰路12号',
      enterprise: false,
    });
    expect(masked).toEqual({ kind: 'natural_person', name: '张*三', creditCode: '', enterprise: false });
  });

  it('enterprises keep name and unified social credit code, nothing else', () => {
    const masked = maskTarget({
      kind: 'legal_person',
      name: '永州市某某建材有限公司',
      idNumber: '',
      creditCode: '91431103ma4l00001x',
      phone: '0746-8221234',
      address: '冷水滩区梧桐街道凤凰路12号',
      enterprise: true,
    });
    expect(masked).toEqual({ kind: 'legal_person', name: '永州市某某建材有限公司', creditCode: '91431103MA4L00001X', enterprise: true });
  });

  it('free text: the address keeps the township, phone numbers and ID numbers of anyone are masked', () => {
    const person: SourceTarget = {
      kind: 'natural_person',
      name: '李四',
      idNumber: '43110319900101123X',
      creditCode: '',
      phone: '13912345678',
      address: '湖南省永州市冷水滩区梧桐街道凤凰路12号',
      enterprise: false,
    };
    const text = '当事人李四住湖南省永州市冷水滩区梧桐街道凤凰路12号，电话139 1234 5678，证人王五（431103198502021234，0746-8221234）';
    expect(scrubText(text, person)).toBe(
      '当事人李*住湖南省永州市冷水滩区梧桐街道****，电话139****5678，证人王五（4311**********1234，0746-***1234）',
    );
  });

  it('overlapping occurrences of a name are all masked', () => {
    const person: SourceTarget = {
      kind: 'natural_person',
      name: '甲乙甲',
      idNumber: '',
      creditCode: '',
      phone: '',
      address: '',
      enterprise: false,
    };
    expect(scrubText('甲乙甲乙甲', person)).not.toContain('甲乙甲');
  });

  it('the target credit code stays in text, being public', () => {
    const company: SourceTarget = {
      kind: 'legal_person',
      name: '某公司',
      idNumber: '',
      creditCode: '914311030000000001',
      phone: '',
      address: '',
      enterprise: true,
    };
    expect(scrubText('某公司（914311030000000001）', company)).toBe('某公司（914311030000000001）');
  });

  it('property: for any natural person and any text about them, nothing of theirs remains', () => {
    fc.assert(
      fc.property(naturalPerson, fc.string({ maxLength: 40 }), fc.nat(), (person, filler, form) => {
        const title = `${person.name}${filler}案`;
        const content = textAbout(person, filler, form);
        const masked = { target: maskTarget(person), title: scrubText(title, person), content: scrubText(content, person) };
        // The filler itself may be anything; what must not survive is the person's data.
        const output = JSON.stringify(masked);
        const fillerHasIt = leaks(filler, person);
        expect(leaks(output, person).filter((leak) => !fillerHasIt.includes(leak))).toEqual([]);
        expect(masked.target.creditCode).toBe('');
      }),
      { numRuns: 500 },
    );
  });

  it('property: enterprises are shown with name and credit code as recorded', () => {
    fc.assert(
      fc.property(
        fc.array(cjk, { minLength: 2, maxLength: 12 }).map((chars) => `${chars.join('')}有限公司`),
        fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{18}$/),
        (name, creditCode) => {
          const masked = maskTarget({
            kind: 'legal_person',
            name,
            idNumber: '',
            creditCode,
            phone: '13812345678',
            address: '某路1号',
            enterprise: true,
          });
          expect(masked).toEqual({ kind: 'legal_person', name, creditCode, enterprise: true });
        },
      ),
    );
  });
});
