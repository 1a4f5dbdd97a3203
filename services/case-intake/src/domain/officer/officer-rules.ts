import { isValidResidentIdNumber, type Violation } from '@lesp/core';

const MAX_NAME = 50;
const MAX_CERTIFICATE_NUMBER = 32;
const MAX_AREAS = 20;
const MAX_AREA = 50;
const MAX_COURSE = 200;
const MAX_TRAINING_HOURS = 1000;
const FIRST_YEAR = 1990;

/** The calendar year in China (UTC+8) of an instant. */
export function chinaYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

export function certificateNumberViolations(value: string, field = 'certificateNumber'): Violation[] {
  const number = value.trim();
  if (number.length === 0) return [{ field, code: 'CERTIFICATE_NUMBER_REQUIRED', message: '执法证号不能为空' }];
  if (number.length > MAX_CERTIFICATE_NUMBER) {
    return [{ field, code: 'CERTIFICATE_NUMBER_TOO_LONG', message: `执法证号不能超过 ${MAX_CERTIFICATE_NUMBER} 个字符` }];
  }
  return [];
}

export function validUntilViolations(validUntil: Date, at: Date, field = 'certificateValidUntil'): Violation[] {
  if (Number.isNaN(validUntil.getTime()))
    return [{ field, code: 'CERTIFICATE_VALID_UNTIL_INVALID', message: '执法证有效期不是有效的日期' }];
  if (validUntil.getTime() <= at.getTime()) {
    return [{ field, code: 'CERTIFICATE_EXPIRED', message: '执法证有效期应晚于生效时间（不能登记已过期的执法证）' }];
  }
  return [];
}

/** Every broken rule of a registration at once. The ID number itself never appears in a message. */
export function registrationViolations(data: {
  readonly agencyId: string;
  readonly name: string;
  readonly idNumber: string;
  readonly certificateNumber: string;
  readonly certificateValidUntil: Date;
  readonly enforcementAreas: readonly string[];
  readonly at: Date;
}): Violation[] {
  const violations: Violation[] = [];
  if (data.agencyId.trim().length === 0)
    violations.push({ field: 'agencyId', code: 'AGENCY_ID_REQUIRED', message: '所属执法主体不能为空' });
  const name = data.name.trim();
  if (name.length === 0) violations.push({ field: 'name', code: 'OFFICER_NAME_REQUIRED', message: '执法人员姓名不能为空' });
  else if (name.length > MAX_NAME) {
    violations.push({ field: 'name', code: 'OFFICER_NAME_TOO_LONG', message: `执法人员姓名不能超过 ${MAX_NAME} 个字` });
  }
  if (!isValidResidentIdNumber(data.idNumber.trim())) {
    violations.push({ field: 'idNumber', code: 'ID_NUMBER_INVALID', message: '公民身份号码应为 18 位且出生日期、校验码正确（GB 11643）' });
  }
  violations.push(...certificateNumberViolations(data.certificateNumber));
  violations.push(...validUntilViolations(data.certificateValidUntil, data.at));
  violations.push(...areaViolations(data.enforcementAreas));
  return violations;
}

function areaViolations(areas: readonly string[]): Violation[] {
  if (areas.length === 0) {
    return [{ field: 'enforcementAreas', code: 'ENFORCEMENT_AREAS_REQUIRED', message: '至少填写一个执法领域' }];
  }
  if (areas.length > MAX_AREAS) {
    return [{ field: 'enforcementAreas', code: 'ENFORCEMENT_AREAS_TOO_MANY', message: `执法领域不能超过 ${MAX_AREAS} 个` }];
  }
  const violations: Violation[] = [];
  const seen = new Set<string>();
  areas.forEach((raw, i) => {
    const area = raw.trim();
    const field = `enforcementAreas[${i}]`;
    if (area.length === 0 || area.length > MAX_AREA) {
      violations.push({ field, code: 'ENFORCEMENT_AREA_INVALID', message: `执法领域应为 1 到 ${MAX_AREA} 个字` });
    } else if (seen.has(area)) {
      violations.push({ field, code: 'ENFORCEMENT_AREA_DUPLICATE', message: '执法领域重复' });
    }
    seen.add(area);
  });
  return violations;
}

export function reasonViolations(reason: string, what: string): Violation[] {
  if (reason.trim().length === 0) return [{ field: 'reason', code: 'REASON_REQUIRED', message: `${what}须说明理由` }];
  if (reason.length > 2000) return [{ field: 'reason', code: 'REASON_TOO_LONG', message: '理由不能超过 2000 个字' }];
  return [];
}

function yearViolations(year: number, at: Date, code: string, what: string): Violation[] {
  const latest = chinaYear(at);
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > latest) {
    return [{ field: 'year', code, message: `${what}年度应为 ${FIRST_YEAR} 到 ${latest} 年` }];
  }
  return [];
}

export function examViolations(data: { readonly year: number; readonly score: number; readonly at: Date }): Violation[] {
  const violations = yearViolations(data.year, data.at, 'EXAM_YEAR_INVALID', '考试');
  if (!Number.isFinite(data.score) || data.score < 0 || data.score > 100) {
    violations.push({ field: 'score', code: 'EXAM_SCORE_RANGE', message: '考试成绩应在 0 到 100 分之间' });
  }
  return violations;
}

export function trainingViolations(data: {
  readonly year: number;
  readonly hours: number;
  readonly course: string;
  readonly at: Date;
}): Violation[] {
  const violations = yearViolations(data.year, data.at, 'TRAINING_YEAR_INVALID', '培训');
  if (!Number.isFinite(data.hours) || data.hours <= 0 || data.hours > MAX_TRAINING_HOURS) {
    violations.push({ field: 'hours', code: 'TRAINING_HOURS_INVALID', message: `培训学时应大于 0 且不超过 ${MAX_TRAINING_HOURS}` });
  }
  const course = data.course.trim();
  if (course.length === 0) violations.push({ field: 'course', code: 'TRAINING_COURSE_REQUIRED', message: '培训课程不能为空' });
  else if (course.length > MAX_COURSE) {
    violations.push({ field: 'course', code: 'TRAINING_COURSE_TOO_LONG', message: `培训课程不能超过 ${MAX_COURSE} 个字` });
  }
  return violations;
}
