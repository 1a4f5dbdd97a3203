import type { Logger } from 'pino';

export type Closer = () => Promise<void>;

/**
 * Closes what was started, last started first, on SIGTERM / SIGINT, within a time limit;
 * a second signal or the limit exits at once.
 */
export class Lifecycle {
  private readonly closers: { name: string; close: Closer }[] = [];
  private shuttingDown?: Promise<void>;

  constructor(
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  add(name: string, close: Closer): void {
    this.closers.push({ name, close });
  }

  async shutdown(reason: string): Promise<void> {
    this.shuttingDown ??= (async () => {
      this.logger.info({ reason }, 'shutting down');
      for (const { name, close } of [...this.closers].reverse()) {
        try {
          await close();
        } catch (error) {
          this.logger.error({ err: error, component: name }, 'error while closing');
        }
      }
      this.logger.info('stopped');
    })();
    return this.shuttingDown;
  }

  handleSignals(exit: (code: number) => void = (code) => process.exit(code)): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.shuttingDown) {
        this.logger.warn({ signal }, 'second signal, exiting now');
        exit(1);
        return;
      }
      const timer = setTimeout(() => {
        this.logger.error({ timeoutMs: this.timeoutMs }, 'shutdown timed out, exiting');
        exit(1);
      }, this.timeoutMs);
      timer.unref();
      void this.shutdown(signal).then(() => exit(0));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
}
