// app: the staff workspace's shell — the session (who is logged in, the CSRF token), the menu for the user's
// role, and the router that maps the address after '#' to a page module. Each page is a function
// (ctx) → Promise<Node> that builds its view from the API; the shell puts it in place.
import {h, replace, flash, clearStaleFlash} from './dom.js';
import {get, del, setCsrfToken, ApiError} from './api.js';
import {loadMeta, label} from './meta.js';
import {errorBlock} from './forms.js';
import {loginPage} from './pages/login.js';
import {dashboardPage} from './pages/dashboard.js';
import {caseListPage} from './pages/case_list.js';
import {caseNewPage} from './pages/case_new.js';
import {casePage} from './pages/case_view.js';
import {approvalsPage} from './pages/approvals.js';
import {documentsPage, yearlyPage, appealsPage} from './pages/registers.js';
import {reportPage} from './pages/report.js';
import {supervisionPage, supervisedReportPage} from './pages/supervision.js';
import {usersPage, holidaysPage} from './pages/admin.js';
import {auditPage} from './pages/audit.js';

// The menu: which roles see which entry. The server enforces roles; this only keeps the menu short.
const STAFF = ['clerk', 'head'];
const NAV = [
  {href: '#/dashboard', text: '待办期限', roles: STAFF},
  {href: '#/cases/new', text: '登记申请', roles: STAFF, key: 'n'},
  {href: '#/cases', text: '申请台账', roles: STAFF},
  {href: '#/approvals', text: '审批', roles: STAFF},
  {href: '#/registers/documents', text: '规范性文件', roles: STAFF},
  {href: '#/registers/yearly', text: '年度数据', roles: STAFF},
  {href: '#/registers/appeals', text: '复议诉讼', roles: STAFF},
  {href: '#/reports', text: '年度报告', roles: STAFF},
  {href: '#/supervision', text: '下级机关', roles: ['supervisor']},
  {href: '#/admin/users', text: '用户管理', roles: ['admin']},
  {href: '#/admin/holidays', text: '本机关假日', roles: ['admin']},
  {href: '#/audit', text: '审计日志', roles: ['auditor']},
];

// Each role's first screen.
const HOME = {clerk: '#/dashboard', head: '#/dashboard', admin: '#/admin/users', supervisor: '#/supervision',
  auditor: '#/audit'};

const ROUTES = [
  [/^\/dashboard$/, dashboardPage],
  [/^\/cases$/, caseListPage],
  [/^\/cases\/new$/, caseNewPage],
  [/^\/cases\/(\d+)$/, casePage],
  [/^\/approvals$/, approvalsPage],
  [/^\/registers\/documents$/, documentsPage],
  [/^\/registers\/yearly$/, yearlyPage],
  [/^\/registers\/appeals$/, appealsPage],
  [/^\/reports(?:\/(\d{4}))?$/, reportPage],
  [/^\/supervision$/, supervisionPage],
  [/^\/supervision\/(\d+)\/(\d{4})$/, supervisedReportPage],
  [/^\/admin\/users$/, usersPage],
  [/^\/admin\/holidays$/, holidaysPage],
  [/^\/audit$/, auditPage],
];

const state = {session: null, meta: null, renderCount: 0};

function roleOf(session) {
  return session?.user?.role || '';
}

// Reads the session answer (POST /session, GET /me) into the shell's state.
export function setSession(session) {
  state.session = session;
  setCsrfToken(session?.csrf_token);
}

function renderChrome() {
  const session = state.session;
  const nav = document.getElementById('nav');
  const menu = document.getElementById('user-menu');
  const agency = document.getElementById('agency-name');
  if (!session) {
    nav.replaceChildren();
    menu.replaceChildren();
    agency.textContent = '';
    document.body.classList.add('logged-out');
    return;
  }
  document.body.classList.remove('logged-out');
  const role = roleOf(session);
  agency.textContent = session.user?.agency_name || '';
  replace(nav, h('ul', {}, NAV.filter((item) => item.roles.includes(role)).map((item) =>
    h('li', {}, h('a', {href: item.href, accesskey: item.key}, item.text)))));
  const user = session.user || {};
  replace(menu,
    h('span', {class: 'who'}, user.display_name || user.username || '',
      h('small', {}, label(state.meta, 'roles', role))),
    h('button', {type: 'button', class: 'link', onclick: logout}, '退出'));
  markCurrentNav();
}

function markCurrentNav() {
  const path = location.hash || '#/';
  let best = null;
  for (const a of document.querySelectorAll('#nav a')) {
    a.removeAttribute('aria-current');
    const href = a.getAttribute('href');
    if ((path === href || path.startsWith(`${href}/`) || path.startsWith(`${href}?`)) &&
        (!best || href.length > best.getAttribute('href').length)) best = a;
  }
  if (best) best.setAttribute('aria-current', 'page');
}

async function logout() {
  try {
    await del('/session');
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) flash(err.message, 'error');
  }
  setSession(null);
  document.getElementById('flash').replaceChildren();
  location.hash = '#/login';
  route();
}

// Splits "#/cases?status=overdue" into the path and its query parameters.
function currentLocation() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?');
  return {path: path || '/', query: new URLSearchParams(search)};
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

async function route() {
  const ticket = ++state.renderCount;
  clearStaleFlash();
  const view = document.getElementById('view');
  const {path, query} = currentLocation();
  if (!state.session || path === '/login') {
    if (state.session && path === '/login') return navigate(HOME[roleOf(state.session)] || '#/dashboard');
    renderChrome();
    document.title = '登录 · 政府信息公开工作平台';
    replace(view, loginPage({onLogin: async (session) => {
      setSession(session);
      await ensureMeta();
      renderChrome();
      const wanted = sessionStorage.getItem('gongkai.after-login');
      sessionStorage.removeItem('gongkai.after-login');
      navigate(wanted && wanted !== '#/login' ? wanted : HOME[roleOf(session)] || '#/dashboard');
    }}));
    return;
  }
  if (path === '/') return navigate(HOME[roleOf(state.session)] || '#/dashboard');
  markCurrentNav();
  const match = ROUTES.map(([re, page]) => [re.exec(path), page]).find(([m]) => m);
  if (!match) {
    replace(view, h('h1', {}, '页面不存在'), h('p', {}, h('a', {href: '#/'}, '返回首页')));
    return;
  }
  const [m, page] = match;
  view.setAttribute('aria-busy', 'true');
  let node;
  try {
    node = await page({session: state.session, role: roleOf(state.session), meta: state.meta,
      params: m.slice(1), query, navigate, refresh: route});
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    node = h('div', {}, h('h1', {}, '无法打开此页'), errorBlock(err));
    if (!(err instanceof ApiError)) console.error(err);
  }
  if (ticket !== state.renderCount) return; // a newer navigation has started
  view.removeAttribute('aria-busy');
  replace(view, node);
  const heading = view.querySelector('h1');
  document.title = `${heading ? heading.textContent : ''} · 政府信息公开工作平台`;
  // Keyboard users land on the page, not on the menu; a form's first field wins when the page asks for it.
  const autofocus = view.querySelector('[autofocus]');
  (autofocus || document.getElementById('main')).focus({preventScroll: !autofocus});
}

async function ensureMeta() {
  if (!state.meta) state.meta = await loadMeta();
}

async function start() {
  window.addEventListener('hashchange', route);
  window.addEventListener('gongkai:unauthorized', () => {
    if (!state.session) return;
    setSession(null);
    sessionStorage.setItem('gongkai.after-login', location.hash);
    flash('登录已过期，请重新登录。', 'error');
    location.hash = '#/login';
    route();
  });
  try {
    setSession(await get('/me'));
    await ensureMeta();
  } catch (err) {
    setSession(null);
    if (!(err instanceof ApiError) || err.status !== 401) flash(err.message || '无法连接服务器。', 'error');
    if (location.hash && location.hash !== '#/login') sessionStorage.setItem('gongkai.after-login', location.hash);
  }
  renderChrome();
  await route();
}

start();
