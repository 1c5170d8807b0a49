// admin: the agency administrator's pages — users (add with a role, disable; GET/POST /api/v1/users,
// POST /api/v1/users/{id}/disable) and the agency's own holidays added to the national calendar (放假办法
// Art. 4; GET/POST /api/v1/holidays).
import {h, dateText, table, flash} from '../dom.js';
import {get, post} from '../api.js';
import {field, makeForm, errorBlock} from '../forms.js';
import {label, options} from '../meta.js';

export async function usersPage({meta, session, refresh}) {
  const data = await get('/users');
  const users = data.users || [];
  const form = makeForm({
    submitLabel: '添加用户',
    fields: [
      field({name: 'username', label: '用户名', required: true, attrs: {autocomplete: 'off', autocapitalize: 'off'},
        check: (v) => (/^[A-Za-z0-9_.-]{2,32}$/.test(v) ? null : '用户名为2–32位字母、数字或 _ . -。')}),
      field({name: 'display_name', label: '姓名', required: true}),
      field({name: 'role', label: '角色', type: 'select', required: true, options: options(meta, 'roles')}),
      field({name: 'password', label: '初始密码', type: 'password', required: true, attrs: {autocomplete: 'new-password'},
        check: (v) => (v.length >= 10 ? null : '密码至少10位。')}),
    ],
    onSubmit: async (values) => {
      await post('/users', values);
      flash(`已添加用户 ${values.username}。`);
      await refresh();
    },
  });
  const disable = async (u, cell) => {
    if (!window.confirm(`停用用户 ${u.username}？停用后该用户立即无法登录。`)) return;
    try {
      await post(`/users/${u.id}/disable`, {});
      flash(`已停用 ${u.username}。`);
      await refresh();
    } catch (err) {
      cell.append(errorBlock(err));
    }
  };
  return h('div', {},
    h('h1', {}, '用户管理'),
    h('section', {}, h('h2', {}, '添加用户'), form),
    h('section', {}, h('h2', {}, `本机关用户（${users.length}）`), table([
      {title: '用户名', cell: (u) => u.username},
      {title: '姓名', cell: (u) => u.display_name || ''},
      {title: '角色', cell: (u) => label(meta, 'roles', u.role)},
      {title: '状态', cell: (u) => (u.disabled ? '已停用' : '正常')},
      {title: '', cell: (u) => {
        if (u.disabled || u.id === session.user?.id) return '';
        const cell = h('span', {});
        cell.append(h('button', {type: 'button', onclick: () => disable(u, cell)}, '停用'));
        return cell;
      }},
    ], users)));
}

export async function holidaysPage({refresh}) {
  const data = await get('/holidays');
  const days = data.holidays || [];
  const form = makeForm({
    submitLabel: '添加假日',
    fields: [
      field({name: 'date', label: '日期', type: 'date', required: true}),
      field({name: 'name', label: '名称', required: true, placeholder: '如：自治县成立纪念日'}),
    ],
    onSubmit: async (values) => {
      await post('/holidays', values);
      flash(`已添加假日 ${values.date}。`);
      await refresh();
    },
  });
  return h('div', {},
    h('h1', {}, '本机关假日'),
    h('p', {class: 'muted'}, '国务院办公厅公布的放假安排已内置；民族自治地方等依法增加的本地假日在此登记，所有期限随之重算。'),
    h('section', {}, h('h2', {}, '添加假日'), form),
    h('section', {}, h('h2', {}, '已登记的本机关假日'), table([
      {title: '日期', cell: (d) => dateText(d.date)},
      {title: '名称', cell: (d) => d.name || ''},
    ], days, {empty: '没有登记本机关假日。'})));
}
