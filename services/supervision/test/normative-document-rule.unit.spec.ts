import { describe, expect, it } from 'vitest';
import { deadlineStages } from '../src/domain/calendar/working-days.js';
import type { NormativeDocumentEvent } from '../src/domain/normative-document/normative-document-events.js';
import { normativeDocumentDecider, type NormativeDocumentState } from '../src/domain/normative-document/normative-document-decider.js';
import { notFiledWithin30Days } from '../src/domain/normative-document/normative-document-checks.js';
import { deadlineIdOf, evaluateNormativeDocumentEvent, stageReached, type EngineDecision } from '../src/domain/rules/engine.js';
import { RULE_CATALOG } from '../src/domain/rules/rule-catalog.js';
import { COUNTY, calendar, cst, settingsOf } from './rule-harness.js';

/**
 * Rule: a normative document (规范性文件) not filed within 30 days of issue, given the document's
 * events (as supervision records them) and a clock → the alerts standing then.
 */
const RULE = 'normative-document-not-filed';
const registered = (issuedAt: Date): NormativeDocumentEvent => ({
  type: 'NormativeDocumentRegistered',
  data: {
    documentId: 'nd-1',
    countyCode: COUNTY,
    issuer: '冷水滩区人民政府办公室',
    documentNumber: '冷政办发〔2025〕3号',
    title: '冷水滩区行政执法公示办法',
    issuedAt,
    effectiveFrom: issuedAt,
    validUntil: cst('2028-02-28'),
    registeredBy: 'sup',
  },
});
const filed = (filedWith: 'government' | 'standing_committee', filedAt: Date, late = false): NormativeDocumentEvent => ({
  type: 'NormativeDocumentFiled',
  data: {
    documentId: 'nd-1',
    filedWith,
    recipient: filedWith === 'government' ? '区人民政府' : '区人大常委会',
    filingNumber: `备-${filedWith}`,
    filedAt,
    late,
  },
});
const cleanedUp = (outcome: 'amended' | 'repealed', decidedAt: Date): NormativeDocumentEvent => ({
  type: 'NormativeDocumentCleanedUp',
  data: {
    documentId: 'nd-1',
    cleanUp: '2025 年专项清理',
    outcome,
    reason: '上位法修改',
    ...(outcome === 'amended' ? { validUntil: cst('2029-12-31') } : {}),
    decidedAt,
  },
});
const timeOf = (event: NormativeDocumentEvent): Date => {
  switch (event.type) {
    case 'NormativeDocumentRegistered':
      return event.data.issuedAt;
    case 'NormativeDocumentFiled':
      return event.data.filedAt;
    case 'NormativeDocumentCleanedUp':
      return event.data.decidedAt;
    default:
      return new Date(0);
  }
};

/** The engine's decisions over the events in order, each with the time its event happened. */
function decisionsOf(events: readonly NormativeDocumentEvent[], disabled = false): { decision: EngineDecision; at: Date }[] {
  const settingsAt = settingsOf(disabled ? [{ packId: 'standard', enabled: false, effectiveFrom: '2019-01-01', parameters: [] }] : []);
  let state: NormativeDocumentState = normativeDocumentDecider.initialState();
  return events.flatMap((event, i) => {
    const before = state;
    state = normativeDocumentDecider.evolve(before, event);
    const meta = { eventId: `ev-${i + 1}`, countyCode: COUNTY, occurredAt: timeOf(event) };
    return evaluateNormativeDocumentEvent(RULE_CATALOG, settingsAt, { event, meta, before, after: state })
      .filter((d) => d.ruleId === RULE)
      .map((decision) => ({ decision, at: meta.occurredAt }));
  });
}

/** The alerts standing at `now`: each running deadline at the level it reached, unless cured by then. */
function alertsAt(events: readonly NormativeDocumentEvent[], now: Date, disabled = false) {
  const decisions = decisionsOf(events, disabled);
  const curedAt = new Map<string, Date>();
  for (const { decision, at } of decisions) {
    if (decision.type === 'cure') curedAt.set(deadlineIdOf(decision.countyCode, decision.ruleId, decision.subjectKey), at);
  }
  return decisions.flatMap(({ decision }) => {
    if (decision.type !== 'start-deadline') return [];
    const cured = curedAt.get(deadlineIdOf(decision.countyCode, decision.ruleId, decision.subjectKey));
    if (cured && cured.getTime() <= now.getTime()) return [];
    const reached = stageReached(deadlineStages(calendar, decision.anchor, decision.limit), now);
    return reached
      ? [{ subjectKey: decision.subjectKey, level: reached.level, message: decision.message, evidence: decision.evidence }]
      : [];
  });
}

describe('rule: normative document not filed within 30 days of issue (规范性文件备案)', () => {
  // Issued on 1 March 2025: the 30 days run 2 to 31 March; filing on 1 April is late.
  const issued = registered(cst('2025-03-01', 10));

  it('both bodies are due by 31 March: blue two days before, yellow on the day, red from 1 April', () => {
    expect(alertsAt([issued], cst('2025-03-28'))).toEqual([]);
    expect(alertsAt([issued], cst('2025-03-29')).map((a) => [a.subjectKey, a.level])).toEqual([
      ['nd-1@2025-03-01:government', 'blue'],
      ['nd-1@2025-03-01:standing_committee', 'blue'],
    ]);
    expect(alertsAt([issued], cst('2025-03-31')).map((a) => a.level)).toEqual(['yellow', 'yellow']);
    const red = alertsAt([issued], cst('2025-04-01', 0));
    expect(red.map((a) => a.level)).toEqual(['red', 'red']);
    expect(red[1]).toMatchObject({
      evidence: ['ev-1'],
      message:
        '《冷水滩区行政执法公示办法》（冷政办发〔2025〕3号）：应自印发之日起 30 日内向人大常委会备案（制定机关：冷水滩区人民政府办公室）',
    });
    // The same moment as the pure check of the document says it.
    let state: NormativeDocumentState = normativeDocumentDecider.initialState();
    state = normativeDocumentDecider.evolve(state, issued);
    expect(notFiledWithin30Days(state, cst('2025-03-31', 23))).toBeUndefined();
    expect(notFiledWithin30Days(state, cst('2025-04-01', 0))?.missing).toEqual(['government', 'standing_committee']);
  });

  it('each filing cures its body; a late filing cures the red alert it comes after', () => {
    const events = [issued, filed('government', cst('2025-03-20')), filed('standing_committee', cst('2025-04-05'), true)];
    expect(alertsAt(events, cst('2025-04-02')).map((a) => [a.subjectKey, a.level])).toEqual([
      ['nd-1@2025-03-01:standing_committee', 'red'],
    ]);
    expect(alertsAt(events, cst('2025-04-06'))).toEqual([]);
    const cures = decisionsOf(events).filter((d) => d.decision.type === 'cure');
    expect(cures.map((d) => (d.decision as { reason: string }).reason)).toEqual(['已向人民政府备案', '已向人大常委会备案（逾期）']);
  });

  it('an amendment before the 30 days ran out restarts them for the amended text', () => {
    const events = [issued, filed('government', cst('2025-03-10')), cleanedUp('amended', cst('2025-03-15', 10))];
    expect(alertsAt(events, cst('2025-04-02'))).toEqual([]);
    // The amended text is due with both bodies by 14 April.
    expect(alertsAt(events, cst('2025-04-15', 0)).map((a) => [a.subjectKey, a.level])).toEqual([
      ['nd-1@2025-03-15:government', 'red'],
      ['nd-1@2025-03-15:standing_committee', 'red'],
    ]);
    expect(alertsAt(events, cst('2025-04-15', 0))[0]!.message).toContain('应自修订之日起 30 日内向人民政府备案');
  });

  it('a document repealed before its filing was due needs none; repealed after, the alert stays', () => {
    expect(alertsAt([issued, cleanedUp('repealed', cst('2025-03-20'))], cst('2025-05-01'))).toEqual([]);
    expect(alertsAt([issued, cleanedUp('repealed', cst('2025-04-10'))], cst('2025-05-01')).map((a) => a.level)).toEqual(['red', 'red']);
  });

  it('a county that disabled the standard pack gets none; a document filed in time raises nothing', () => {
    expect(alertsAt([issued], cst('2025-05-01'), true)).toEqual([]);
    const onTime = [issued, filed('government', cst('2025-03-05')), filed('standing_committee', cst('2025-03-31', 18))];
    expect(alertsAt(onTime, cst('2025-05-01'))).toEqual([]);
  });
});
