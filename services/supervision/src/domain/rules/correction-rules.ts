import { chinaDayOf } from '../calendar/china-day.js';
import { monthlyHoursFinding, type HoursRequirement } from '../corrections/correction-checks.js';
import type { KnownPerson } from '../corrections/person-decider.js';
import { calendarPeriod } from './calendar-period.js';
import type { Params, RuleDefinition, RuleOutcome } from './rule.js';

/**
 * The community-corrections pack (社区矫正, seed 000): the second rule pack of the engine, over
 * persons under correction (ids only). The responsible unit of each alert is the judicial office
 * (司法所) supervising the person.
 */
const EFFECTIVE_2020 = '2020-07-01'; // 《社区矫正法》施行

const requirementOf = (params: Params): HoursRequirement => ({
  education: params['correctionEducationHours'] ?? 8,
  communityService: params['correctionCommunityServiceHours'] ?? 8,
});
const subject = (person: KnownPerson) => ({ type: 'person' as const, id: person.personId });

/** 每月教育学习时间达不到八小时和参加社区服务时间达不到八小时: judged at the end of each month. */
export const correctionHoursBelowRequirement: RuleDefinition = {
  id: 'correction-monthly-hours-below',
  version: 1,
  effectiveFrom: EFFECTIVE_2020,
  packId: 'community-corrections',
  kind: 'process',
  title: '社区矫正对象月度教育学习、社区服务时间不足',
  description: '在矫的社区矫正对象每月教育学习时间应不少于 8 小时、社区服务时间应不少于 8 小时（本县可另定）；接收和解除的当月不计。',
  periodic: {
    windowOf: (day) => calendarPeriod(day, 1),
    onPeriodEnd(input) {
      const month = input.window.key;
      return (input.persons ?? []).flatMap((person): RuleOutcome[] => {
        const finding = monthlyHoursFinding(person, month, requirementOf(input.params));
        if (!finding || person.status === 'none') return [];
        return [
          {
            type: 'raise',
            subjectKey: `${person.personId}:${month}`,
            subject: subject(person),
            agencyId: person.officeId,
            level: 'yellow',
            evidence: [],
            message: finding.message,
          },
        ];
      });
    },
  },
  onPerson({ event, meta, after, params }) {
    // Hours recorded late for a month that reach the requirement cure its alert, if one was raised.
    if (event.type !== 'CorrectionHoursRecorded' || after.status === 'none') return [];
    if (monthlyHoursFinding(after, event.data.month, requirementOf(params))) return [];
    return [
      {
        type: 'cure',
        subjectKey: `${after.personId}:${event.data.month}`,
        curingEventId: meta.eventId,
        reason: `${event.data.month} 时间已达标`,
      },
    ];
  },
};

/** 脱管: a person out of contact is raised at once; the return to supervision resolves it. */
export const correctionPersonAbsconded: RuleDefinition = {
  id: 'correction-person-absconded',
  version: 1,
  effectiveFrom: EFFECTIVE_2020,
  packId: 'community-corrections',
  kind: 'real_time',
  title: '社区矫正对象脱管',
  description: '社区矫正对象失去联系（脱管），应立即查找并报告；恢复监管后办结。',
  onPerson({ event, meta, before, after }) {
    if (event.type === 'PersonAbsconded' && after.status !== 'none') {
      return [
        {
          type: 'raise',
          subjectKey: `${after.personId}:${event.data.lostContactAt.toISOString()}`,
          subject: subject(after),
          agencyId: after.officeId,
          level: 'red',
          evidence: [meta.eventId],
          message: `社区矫正对象 ${after.personId} 自 ${chinaDayOf(event.data.lostContactAt)} 起脱管，失去联系`,
        },
      ];
    }
    if (event.type === 'PersonReturnedToSupervision' && before.status !== 'none') {
      const open = before.abscondings.find((a) => !a.to);
      if (!open) return [];
      return [
        { type: 'cure', subjectKey: `${before.personId}:${open.from.toISOString()}`, curingEventId: meta.eventId, reason: '已恢复监管' },
      ];
    }
    return [];
  },
};

/** 刑期或者考验期满未及时办理相关手续: the term ends; not released on the platform by the next day, it is red. */
export const correctionTermEndNotProcessed: RuleDefinition = {
  id: 'correction-term-end-not-processed',
  version: 1,
  effectiveFrom: EFFECTIVE_2020,
  packId: 'community-corrections',
  kind: 'deadline',
  title: '社区矫正期满未及时解除',
  description: '社区矫正对象矫正期满之日应办理解除矫正手续（发放解除社区矫正证明书）；次日仍未办理的预警。',
  onPerson({ event, meta, after }) {
    if (event.type === 'PersonUnderCorrectionReceived' && after.status !== 'none') {
      return [
        {
          type: 'start-deadline',
          subjectKey: after.personId,
          subject: subject(after),
          agencyId: after.officeId,
          anchor: after.endsAt,
          limit: { amount: 0, unit: 'days' },
          evidence: [meta.eventId],
          message: `社区矫正对象 ${after.personId} 矫正期于 ${chinaDayOf(after.endsAt)} 届满，应及时办理解除矫正手续`,
        },
      ];
    }
    if (event.type === 'CorrectionEnded' && after.status !== 'none') {
      return [{ type: 'cure', subjectKey: after.personId, curingEventId: meta.eventId, reason: '已办理解除（终止）矫正' }];
    }
    return [];
  },
};

export const CORRECTION_RULES: readonly RuleDefinition[] = [
  correctionHoursBelowRequirement,
  correctionPersonAbsconded,
  correctionTermEndNotProcessed,
];
