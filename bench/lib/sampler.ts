/**
 * What a long benchmark needs to tell a slope from noise: rows per second in windows of N rows
 * (does the rate fall as the stores grow?), each window's CPU share of the service process and
 * of the database process (Node-bound or database-bound?), and the machine's load average (the
 * machine may be shared). Linux only (/proc); elsewhere the CPU figures are left out.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

export interface Window {
  readonly fromRow: number;
  readonly toRow: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** CPU of the process over the window, in % of one core (200 = both cores of this machine). */
  readonly serviceCpu?: number;
  readonly databaseCpu?: number;
  /**
   * CPU milliseconds per row of each process: unlike rows per second, hardly moved by other
   * work on a shared machine, so runs at different loads compare.
   */
  readonly serviceCpuMsPerRow?: number;
  readonly databaseCpuMsPerRow?: number;
  readonly load1: number;
}

const TICKS_PER_SECOND = 100;

/** utime + stime of a process, in seconds; undefined when it cannot be read. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function cmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** The local FerretDB (or mongod) serving the port of `mongoUrl`: its pid, command line and SQLite folder if any. */
export function databaseProcess(mongoUrl: string): { pid?: number; command?: string; sqliteDir?: string } {
  const port = /:(\d+)(\/|$)/.exec(mongoUrl)?.[1];
  if (!port) return {};
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return {};
  }
  for (const pid of pids) {
    const line = cmdline(pid);
    if (!/ferretdb|mongod/.test(line) || !line.includes(`:${port}`)) continue;
    const sqliteDir = /--sqlite-dir[ =](\S+)/.exec(line)?.[1];
    const command = line.trim().replace(/^\S*\//, '');
    return { pid: Number(pid), command, ...(sqliteDir ? { sqliteDir } : {}) };
  }
  return {};
}

/** Size in MB of a database's SQLite file and its write-ahead log (FerretDB names the file after the database). */
export function sqliteSizes(sqliteDir: string | undefined, db: string): { fileMB?: number; walMB?: number } {
  if (!sqliteDir) return {};
  const mb = (path: string) => {
    try {
      return Number((statSync(path).size / 1024 / 1024).toFixed(1));
    } catch {
      return undefined;
    }
  };
  const fileMB = mb(join(sqliteDir, `${db}.sqlite`));
  const walMB = mb(join(sqliteDir, `${db}.sqlite-wal`));
  return { ...(fileMB === undefined ? {} : { fileMB }), ...(walMB === undefined ? {} : { walMB }) };
}

/** Feed it the rows done so far, as often as you like; it closes a window each `windowRows` rows. */
export class RateSampler {
  readonly windows: Window[] = [];
  private start: { row: number; at: number; service?: number; database?: number };

  constructor(
    private readonly windowRows: number,
    private readonly pids: { service?: number; database?: number },
    private readonly onWindow: (window: Window) => void = () => {},
  ) {
    this.start = this.mark(0);
  }

  private mark(row: number) {
    const service = cpuSeconds(this.pids.service);
    const database = cpuSeconds(this.pids.database);
    return { row, at: performance.now(), ...(service === undefined ? {} : { service }), ...(database === undefined ? {} : { database }) };
  }

  /** `final`: close the last, partial window too, unless it is too short to say anything (under a tenth of a window). */
  note(rows: number, final = false): void {
    const partial = final && rows - this.start.row >= this.windowRows / 10;
    if (rows - this.start.row < this.windowRows && !partial) return;
    const end = this.mark(rows);
    const seconds = (end.at - this.start.at) / 1000;
    const share = (a?: number, b?: number) =>
      a === undefined || b === undefined || seconds <= 0 ? undefined : Math.round(((b - a) / seconds) * 100);
    const serviceCpu = share(this.start.service, end.service);
    const databaseCpu = share(this.start.database, end.database);
    const rowsDone = rows - this.start.row;
    const perRow = (a?: number, b?: number) =>
      a === undefined || b === undefined ? undefined : Number((((b - a) * 1000) / rowsDone).toFixed(2));
    const serviceCpuMsPerRow = perRow(this.start.service, end.service);
    const databaseCpuMsPerRow = perRow(this.start.database, end.database);
    const window: Window = {
      fromRow: this.start.row,
      toRow: rows,
      seconds: Number(seconds.toFixed(1)),
      rowsPerSecond: Math.round(rowsDone / seconds),
      ...(serviceCpu === undefined ? {} : { serviceCpu }),
      ...(databaseCpu === undefined ? {} : { databaseCpu }),
      ...(serviceCpuMsPerRow === undefined ? {} : { serviceCpuMsPerRow }),
      ...(databaseCpuMsPerRow === undefined ? {} : { databaseCpuMsPerRow }),
      load1: Number(loadavg()[0]!.toFixed(2)),
    };
    this.windows.push(window);
    this.onWindow(window);
    this.start = end;
  }
}
