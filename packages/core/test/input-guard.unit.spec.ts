import { describe, expect, it } from 'vitest';
import { hostileInputViolations, isIdentifier } from '../src/index.js';

describe('input guard', () => {
  it('lets ordinary Chinese text, line breaks and tabs through', () => {
    expect(
      hostileInputViolations({ name: '冷水滩区市场监督管理局', reason: '第一行\n第二行\t（附件）', n: 3, ok: true, list: ['a'] }),
    ).toEqual([]);
  });

  it('names each field with control characters, undecodable bytes, operator keys, or too much length or depth', () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 30; i++) cursor = cursor['x'] = {} as Record<string, unknown>;
    const violations = hostileInputViolations({
      name: 'a\u0000b',
      target: { address: 'bad \uFFFD byte', name: 'evil\u202Etxt.exe' },
      filter: { $where: 'sleep(1000)' },
      'a.b': 1,
      reason: 'x'.repeat(20_001),
      deep,
    });
    expect(violations.map((v) => [v.field, v.code])).toEqual([
      ['name', 'CONTROL_CHARACTER'],
      ['target.address', 'CONTROL_CHARACTER'],
      ['target.name', 'CONTROL_CHARACTER'],
      ['filter', 'FIELD_NAME_FORBIDDEN'],
      ['(value)', 'FIELD_NAME_FORBIDDEN'],
      ['reason', 'TEXT_TOO_LONG'],
      ['deep.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x', 'NESTING_TOO_DEEP'],
    ]);
  });

  it('accepts client ids of letters, digits, "_" and "-" up to 64', () => {
    expect(isIdentifier('demo-1_A')).toBe(true);
    for (const bad of ['', '../x', '$where', 'a b', 'x'.repeat(65), 'a\u0000']) expect(isIdentifier(bad)).toBe(false);
  });
});
