import { describe, expect, it } from 'vitest';
import { newReportJobId } from '../src/application/report-jobs.js';
import { id } from '../src/adapters/route-schemas.js';

describe('report job ids', () => {
  it('are always ids the job routes accept, and do not repeat', () => {
    const pattern = new RegExp(id.pattern);
    const ids = Array.from({ length: 2000 }, newReportJobId);
    // base64url ids failed this one time in 32 (a first character of - or _).
    expect(ids.filter((jobId) => !pattern.test(jobId) || jobId.length > id.maxLength)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
