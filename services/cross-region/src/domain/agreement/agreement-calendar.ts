/**
 * Agreement years, counted in China Standard Time from the effective date: year 1 starts at
 * `effectiveFrom`, year n at its (n-1)-th anniversary (same month, day and time of day).
 */
const CST = 8 * 3_600_000;

export interface AgreementYear {
  /** 1 for the first year. */
  readonly year: number;
  readonly starts: Date;
  /** The next anniversary: the first instant of the following year. */
  readonly ends: Date;
}

export function anniversary(effectiveFrom: Date, yearsLater: number): Date {
  const local = new Date(effectiveFrom.getTime() + CST);
  const shifted = Date.UTC(
    local.getUTCFullYear() + yearsLater,
    local.getUTCMonth(),
    local.getUTCDate(),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(shifted - CST);
}

/** The agreement year `on` falls in, or undefined before the effective date. */
export function agreementYearOn(effectiveFrom: Date, on: Date): AgreementYear | undefined {
  if (on.getTime() < effectiveFrom.getTime()) return undefined;
  let passed = new Date(on.getTime() + CST).getUTCFullYear() - new Date(effectiveFrom.getTime() + CST).getUTCFullYear();
  if (anniversary(effectiveFrom, passed).getTime() > on.getTime()) passed -= 1;
  return { year: passed + 1, starts: anniversary(effectiveFrom, passed), ends: anniversary(effectiveFrom, passed + 1) };
}
