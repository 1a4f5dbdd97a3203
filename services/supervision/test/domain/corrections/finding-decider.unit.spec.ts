import { describe, expect, it } from 'vitest';
import { ConflictError, type ValidationError } from '@lesp/core';
import { findingDecider, type FindingCommand } from '../../../src/domain/corrections/finding-decider.js';

const record = (overrides: Partial<FindingCommand['data']> = {}): FindingCommand => ({
  type: 'RecordCorrectionFinding',
  data: {
    findingId: 'f-1',
    countyCode: '431103',
    category: 'court_documents_not_served',
    description: '法院未依法送达判决书',
    foundAt: new Date('2026-05-10T02:00:00Z'),
    recordedBy: 'sup',
    ...overrides,
  },
});

describe('correction findings (纠正违法) recorded by supervisors', () => {
  it('records a finding of the monthly or the half-year table, once', () => {
    const [event] = findingDecider.decide(record(), findingDecider.initialState());
    expect(event).toEqual({ type: 'CorrectionFindingRecorded', data: record().data });
    const state = findingDecider.evolve(findingDecider.initialState(), event!);
    expect(() => findingDecider.decide(record(), state)).toThrow(ConflictError);
    expect(
      findingDecider.decide(record({ category: 'revocation_not_proposed', personId: 'p-1' }), findingDecider.initialState()),
    ).toHaveLength(1);
  });

  it('refuses an unknown category, an empty description, a bad person id or date, naming the field', () => {
    try {
      findingDecider.decide(
        record({ category: 'nope' as never, description: ' ', personId: 'a b', foundAt: new Date('x') }),
        findingDecider.initialState(),
      );
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).violations.map((v) => `${v.field}:${v.code}`)).toEqual([
        'personId:IDENTIFIER_FORMAT',
        'description:DESCRIPTION_REQUIRED',
        'category:FINDING_CATEGORY_UNKNOWN',
        'foundAt:DATE_INVALID',
      ]);
    }
  });
});
