/**
 * The three forms of supervision named by 《行政执法监督条例》 (in force 2026-02-01):
 * routine (日常监督), focused (重点监督) and special (专项监督, one field or problem at a time).
 */
export const SUPERVISION_FORMS = { routine: '日常监督', focused: '重点监督', special: '专项监督' } as const;
export type SupervisionForm = keyof typeof SUPERVISION_FORMS;

export function isSupervisionForm(value: string): value is SupervisionForm {
  return Object.hasOwn(SUPERVISION_FORMS, value);
}
