// login page: user name and password → POST /api/v1/session (the server sets the HttpOnly session cookie and
// answers with the user, its agency and role, and the CSRF token).
import {h} from '../dom.js';
import {post} from '../api.js';
import {field, makeForm} from '../forms.js';

export function loginPage({onLogin}) {
  const form = makeForm({
    class: 'login-form',
    submitLabel: '登录',
    fields: [
      field({name: 'username', label: '用户名', required: true,
        attrs: {autocomplete: 'username', autofocus: true, autocapitalize: 'off', spellcheck: 'false'}}),
      field({name: 'password', label: '密码', type: 'password', required: true,
        attrs: {autocomplete: 'current-password'}}),
    ],
    onSubmit: async (values) => {
      await onLogin(await post('/session', values));
    },
  });
  return h('section', {class: 'login'},
    h('h1', {}, '登录'),
    h('p', {class: 'muted'}, '政府信息公开工作平台 · 依申请公开登记、期限管理与年度报告'),
    form,
    h('p', {class: 'muted small'}, '公众申请政府信息公开请访问 ', h('a', {href: '/portal'}, '公开申请平台'), '。'));
}
