/** Calls to the console's own BFF (same origin, session cookie). */
export interface Violation {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly violations: Violation[] = [],
  ) {
    super(message);
  }
}

let onSignedOut: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: {
      ...(method === 'GET' ? {} : { 'x-lesp-console': '1', 'idempotency-key': newKey() }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
  const response = await fetch(path, init);
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : {};
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; violations?: Violation[] } }).error ?? {};
    if (response.status === 401 && path !== '/api/session/dev' && path !== '/api/session') onSignedOut();
    throw new ApiError(response.status, error.code ?? 'ERROR', error.message ?? `请求失败（${response.status}）`, error.violations ?? []);
  }
  return json as T;
}

export async function upload<T>(path: string, file: File): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-lesp-console': '1', 'content-type': 'application/octet-stream', 'idempotency-key': newKey() },
    body: file,
  });
  const json = (await response.json()) as unknown;
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; violations?: Violation[] } }).error ?? {};
    throw new ApiError(response.status, error.code ?? 'ERROR', error.message ?? '上传失败', error.violations ?? []);
  }
  return json as T;
}

export const qs = (params: Record<string, string | number | boolean | undefined>): string => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
};

export interface ConsoleUser {
  subject: string;
  displayName: string;
  role: 'agency_clerk' | 'county_supervisor' | 'regional_viewer' | 'task_force_member' | 'operator';
  countyCode?: string;
  agencyId?: string;
  regionCode?: string;
  agreementCounties?: string[];
}

export interface Me {
  user: ConsoleUser;
  navigation: { key: string; label: string }[];
  roleName: string;
}
