import { defineConfig } from 'vitest/config';

/**
 * One config for every package. Test files say their reach:
 *   *.unit.spec.ts  pure, no I/O          → project "unit"
 *   *.int.spec.ts   real Kafka / MongoDB  → project "integration"
 *   *.e2e.spec.ts   running services      → project "integration"
 * The integration project's global setup provides real infrastructure or fails the run.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Unit tests first: a broken domain fails fast, before any broker starts.
          sequence: { groupOrder: 0 },
          include: ['packages/*/{src,test}/**/*.unit.spec.ts', 'services/*/{src,test}/**/*.unit.spec.ts', 'deploy/test/**/*.unit.spec.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: [
            'packages/*/{src,test}/**/*.{int,e2e}.spec.ts',
            'services/*/{src,test}/**/*.{int,e2e}.spec.ts',
            'tests/**/*.{int,e2e}.spec.ts',
          ],
          environment: 'node',
          globalSetup: ['packages/test-infra/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          // Two cores: run integration files two at a time, each with its own database and topics.
          maxWorkers: 2,
        },
      },
    ],
  },
});
