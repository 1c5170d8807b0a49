// import_box: upload a CSV file into a register (POST /api/v1/import/{kind}, text/csv; UTF-8 or GB18030, columns
// as `gongkai case import` / `gongkai register import`). The server takes every row or none and names each bad
// line; its message is shown here as it is.
import {h, flash} from './dom.js';
import {api} from './api.js';

export function importBox(kind, what, refresh) {
  const input = h('input', {type: 'file', accept: '.csv,text/csv', id: `import-${kind}`});
  const error = h('pre', {class: 'form-error import-error', role: 'alert'});
  const button = h('button', {type: 'button'}, '导入');
  button.addEventListener('click', async () => {
    error.textContent = '';
    const file = input.files[0];
    if (!file) {
      error.textContent = '请先选择 CSV 文件。';
      return;
    }
    button.disabled = true;
    try {
      const answer = await api('POST', `/import/${kind}`, new Blob([file], {type: 'text/csv'}));
      flash(`已导入 ${answer.imported} 条${what}。`);
      await refresh();
    } catch (err) {
      error.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });
  return h('details', {class: 'import-box'},
    h('summary', {}, `从 CSV 文件导入${what}`),
    h('p', {class: 'muted small'}, '所有行无误才导入，有错误时一行也不写入，并列出每个错误所在的行。'),
    h('p', {class: 'filter'}, h('label', {for: `import-${kind}`}, 'CSV 文件'), input, button),
    error);
}
