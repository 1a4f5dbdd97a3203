import { describe, expect, it } from 'vitest';
import { rectificationDomainCodec } from '../../src/application/rectification/rectification-codec.js';
import type { RectificationEvent } from '../../src/domain/rectification/index.js';

/** Every rectification event survives the wire: grounds of each kind, optional deadlines, accountability. */
const at = (iso: string) => new Date(iso);
const events: RectificationEvent[] = [
  {
    type: 'RectificationNoticeIssued',
    data: {
      rectificationId: 'rf-1',
      countyCode: '431103',
      documentKind: 'opinion',
      documentNumber: '冷司监意〔2026〕1号',
      supervisionForm: 'special',
      agencyId: 'scjgj',
      grounds: [
        { kind: 'alert', alertId: 'al-1' },
        { kind: 'case_file_problem', reviewId: 'rv-1', problemId: 'pb-1', description: '缺少送达回证' },
        { kind: 'inspection_finding', planId: 'pl-1', targetId: 'tg-1', description: '检查结果未公示' },
        { kind: 'finding', description: '实地检查发现未亮证执法' },
      ],
      findings: '问题',
      requirements: '要求',
      deadline: at('2026-10-12T15:59:59.999Z'),
      copiedTo: [{ name: '冷水滩区人民政府', relation: '本级人民政府' }],
      issuedBy: 'sup-1',
      issuedAt: at('2026-09-29T02:00:00Z'),
    },
  },
  {
    type: 'RectificationReplied',
    data: {
      rectificationId: 'rf-1',
      agencyId: 'scjgj',
      measures: ['一', '二'],
      explanation: '说明',
      repliedBy: 'clerk',
      repliedAt: at('2026-10-14T02:00:00Z'),
      late: true,
    },
  },
  {
    type: 'RectificationAccepted',
    data: { rectificationId: 'rf-1', opinion: '到位', acceptedBy: 'sup', acceptedAt: at('2026-10-15T02:00:00Z') },
  },
  {
    type: 'RectificationReturned',
    data: {
      rectificationId: 'rf-1',
      reason: '不完整',
      newDeadline: at('2026-10-20T15:59:59.999Z'),
      round: 2,
      returnedBy: 'sup',
      returnedAt: at('2026-10-15T02:00:00Z'),
    },
  },
  {
    type: 'RectificationEscalated',
    data: {
      rectificationId: 'rf-1',
      agencyId: 'scjgj',
      level: 1,
      overdueSince: at('2026-10-12T15:59:59.999Z'),
      reportedTo: [{ name: '冷水滩区人民政府', relation: '本级人民政府' }],
      escalatedAt: at('2026-10-13T01:00:00Z'),
    },
  },
  {
    type: 'RectificationEscalated',
    data: {
      rectificationId: 'rf-1',
      agencyId: 'scjgj',
      level: 2,
      overdueSince: at('2026-10-20T15:59:59.999Z'),
      reportedTo: [{ name: '永州市司法局', relation: '上级主管部门' }],
      newDeadline: at('2026-10-27T15:59:59.999Z'),
      escalatedAt: at('2026-10-21T01:00:00Z'),
    },
  },
  {
    type: 'RectificationClosed',
    data: {
      rectificationId: 'rf-1',
      outcome: 'not_rectified',
      publicSummary: '未整改',
      closedBy: 'sup',
      closedAt: at('2026-11-01T02:00:00Z'),
    },
  },
  {
    type: 'AccountabilityRecorded',
    data: {
      rectificationId: 'rf-1',
      accountability: {
        decidedBy: '区纪委监委',
        measure: '诫勉谈话',
        persons: ['o-1', '张三'],
        basis: '依据',
        decidedAt: at('2026-11-02T02:00:00Z'),
      },
    },
  },
  {
    type: 'RectificationMarkedForPublication',
    data: {
      rectificationId: 'rf-1',
      countyCode: '431103',
      agencyId: 'scjgj',
      documentKind: 'opinion',
      documentNumber: '冷司监意〔2026〕1号',
      outcome: 'not_rectified',
      publicSummary: '未整改',
      accountabilityRecorded: true,
      closedAt: at('2026-11-01T02:00:00Z'),
    },
  },
];

describe('rectification event codec', () => {
  it.each(events.map((event, i) => [`${i} ${event.type}`, event] as const))('%s round-trips', (_name, event) => {
    const encoded = rectificationDomainCodec.encode(event);
    expect(encoded.eventType).toBe(event.type);
    expect(rectificationDomainCodec.decode(encoded.eventType, encoded.schemaVersion, encoded.payload)).toEqual(event);
  });

  it('handles rectification events only', () => {
    expect(rectificationDomainCodec.handles('RectificationNoticeIssued')).toBe(true);
    expect(rectificationDomainCodec.handles('AlertRaised')).toBe(false);
  });
});
