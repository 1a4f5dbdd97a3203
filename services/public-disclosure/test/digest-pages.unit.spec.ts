import { describe, expect, it } from 'vitest';
import { digestsPage } from '../src/adapters/http/digest-pages.js';
import type { PublicDigestView } from '../src/application/public-digest-queries.js';

const digest = (day: string, service: PublicDigestView['service'], eventCount: number): PublicDigestView => ({
  digestId: `${service}/431103/${day}`,
  service,
  countyCode: '431103',
  day,
  coversFrom: new Date(`${day}T00:00:00+08:00`),
  coversTo: new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000),
  eventCount,
  merkleRoot: 'ab'.repeat(32),
  algorithm: 'lesp.daily-digest.v1',
  sealedAt: new Date(`${day}T16:20:00Z`),
  recordedAt: new Date(`${day}T16:20:01Z`),
});

describe('daily digest page (pure)', () => {
  it('lists each digest with its day, system in Chinese, count, root and seal time, and says what the day means', () => {
    const html = digestsPage(
      '431103',
      { service: 'supervision' },
      [digest('2026-11-24', 'supervision', 12), digest('2026-11-23', 'case-intake', 0)],
      '/next',
    );
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<h1>数据完整性日摘要</h1>');
    expect(html).toContain('<th scope="row">2026-11-24</th><td>执法监督</td><td>12</td>');
    expect(html).toContain('<td>执法信息归集</td><td>0</td>');
    expect(html).toContain('ab'.repeat(32));
    expect(html).toContain('2026-11-25 00:20（北京时间）');
    expect(html).toContain('入库日期');
    expect(html).toContain('<option value="supervision" selected>执法监督</option>');
    expect(html).toMatch(/<label for="from">日期自<input id="from"/);
    expect(html).toContain('rel="next"');
  });

  it('names cross-region coordination 跨区域协同, in the list and as a choice of system', () => {
    const html = digestsPage('433124', {}, [digest('2026-11-24', 'cross-region', 3)]);
    expect(html).toContain('<th scope="row">2026-11-24</th><td>跨区域协同</td><td>3</td>');
    expect(html).toContain('<option value="cross-region">跨区域协同</option>');
  });

  it('escapes what it shows and says when there is nothing yet', () => {
    const html = digestsPage('431103', { from: '"><script>alert(1)</script>' }, []);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('没有符合条件的日摘要');
    expect(html).not.toContain('rel="next"');
  });
});
