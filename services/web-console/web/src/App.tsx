import { useCallback, useEffect, useState } from 'react';
import { Button, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { api, whenSignedOut, type Me } from './api';
import { go, useRoute } from './router';
import { SignIn } from './pages/SignIn';
import { ActDetail, ActNew, ActsList } from './pages/Acts';
import { Imports } from './pages/Imports';
import { RectificationDetail, RectificationIssue, RectificationsList } from './pages/Rectifications';
import { Dashboard } from './pages/Dashboard';
import { AlertDetail, AlertsList } from './pages/Alerts';
import { Reports } from './pages/Reports';
import { CaseFileReviews, RandomInspections } from './pages/Reviews';
import { RegionRollup } from './pages/Region';
import { TaskForce } from './pages/TaskForce';
import { Meetings } from './pages/Meetings';
import { Operations } from './pages/Operations';

const { Header, Sider, Content } = Layout;

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const route = useRoute();
  const load = useCallback(() => {
    api<Me>('GET', '/api/me').then(setMe, () => setMe(null));
  }, []);
  useEffect(() => {
    whenSignedOut(() => setMe(null));
    load();
  }, [load]);

  if (me === undefined) return <Spin style={{ margin: 80 }} />;
  if (me === null)
    return (
      <SignIn
        onSignedIn={(signedIn) => {
          setMe(signedIn);
          go(signedIn.navigation[0]!.key);
        }}
      />
    );

  const home = me.navigation[0]!.key;
  const [screen = home, ...rest] = route;
  const allowed = new Set([...me.navigation.map((n) => n.key), 'act', 'alert', 'rectification', 'rectification-new']);
  const signOut = async () => {
    await api('DELETE', '/api/session').catch(() => undefined);
    setMe(null);
    window.location.hash = '';
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider breakpoint="md" collapsedWidth={0} width={200} theme="dark">
        <div style={{ color: '#fff', padding: '16px 12px', fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden' }}>执法监督工作台</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[screen]}
          items={me.navigation.map((n) => ({ key: n.key, label: <span data-testid={`nav-${n.key}`}>{n.label}</span> }))}
          onClick={({ key }) => go(key)}
        />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 16px', display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Text strong>{me.navigation.find((n) => n.key === screen)?.label ?? ''}</Typography.Text>
          <Space wrap>
            <span data-testid="current-user">
              {me.user.displayName}（{me.roleName}
              {me.user.countyCode ? ` · ${me.user.countyCode}` : ''}
              {me.user.agencyId ? ` · ${me.user.agencyId}` : ''}
              {me.user.regionCode ? ` · ${me.user.regionCode}` : ''}）
            </span>
            <Button size="small" onClick={() => void signOut()}>
              退出
            </Button>
          </Space>
        </Header>
        <Content style={{ margin: 16, minWidth: 0 }}>
          {allowed.has(screen) ? <Screen me={me} screen={screen} rest={rest} /> : <Result status="403" title="无权访问此页面" />}
        </Content>
      </Layout>
    </Layout>
  );
}

function Screen({ me, screen, rest }: { me: Me; screen: string; rest: string[] }) {
  switch (screen) {
    case 'dashboard':
      return <Dashboard />;
    case 'alerts':
      return <AlertsList />;
    case 'alert':
      return <AlertDetail alertId={rest[0]!} />;
    case 'acts':
      return <ActsList me={me} />;
    case 'act-new':
      return <ActNew />;
    case 'act':
      return <ActDetail me={me} actId={rest[0]!} />;
    case 'imports':
      return <Imports />;
    case 'rectifications':
      return <RectificationsList me={me} />;
    case 'rectification':
      return <RectificationDetail me={me} rectificationId={rest[0]!} />;
    case 'rectification-new':
      return <RectificationIssue agencyId={rest[0] ?? ''} alertId={rest[1] ?? ''} />;
    case 'reports':
      return <Reports />;
    case 'case-file-reviews':
      return <CaseFileReviews />;
    case 'random-inspections':
      return <RandomInspections />;
    case 'region':
      return <RegionRollup me={me} />;
    case 'task-force':
      return <TaskForce />;
    case 'cross-region':
      return <TaskForce source="/api/cross-region" answerFor={me.user.countyCode ?? ''} />;
    case 'meetings':
      return <Meetings me={me} />;
    case 'operations':
      return <Operations />;
    default:
      return <Result status="404" title="页面不存在" />;
  }
}
