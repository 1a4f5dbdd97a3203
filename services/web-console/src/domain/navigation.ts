import type { ConsoleUser } from './scope.js';

export interface NavigationItem {
  readonly key: string;
  readonly label: string;
}

/** What each role's menu shows; the BFF refuses the rest anyway. */
export function navigationFor(user: ConsoleUser): NavigationItem[] {
  switch (user.role) {
    case 'agency_clerk':
      return [
        { key: 'acts', label: '执法行为' },
        { key: 'act-new', label: '登记执法行为' },
        { key: 'imports', label: '批量导入' },
        { key: 'rectifications', label: '整改通知' },
      ];
    case 'county_supervisor':
      return [
        { key: 'dashboard', label: '监督概览' },
        { key: 'alerts', label: '预警' },
        { key: 'acts', label: '执法行为' },
        { key: 'rectifications', label: '整改' },
        { key: 'case-file-reviews', label: '案卷评查' },
        { key: 'random-inspections', label: '双随机抽查' },
        { key: 'reports', label: '统计报表' },
        { key: 'cross-region', label: '跨区域协作' },
        { key: 'meetings', label: '联席会议' },
      ];
    case 'regional_viewer':
      return [{ key: 'region', label: '区域汇总' }];
    case 'task_force_member':
      return [
        { key: 'task-force', label: '联合监督' },
        { key: 'meetings', label: '联席会议' },
      ];
    case 'operator':
      return [{ key: 'operations', label: '读模型重建' }];
  }
}
