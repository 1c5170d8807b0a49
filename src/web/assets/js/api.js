// api: the one way the browser talks to gongkai's JSON API (/api/v1, docs/api.md). Sends the session cookie and
// the CSRF token on every state-changing call; turns an error answer into an ApiError with the server's Chinese
// message and, when it names one, the field it is about.

const BASE = '/api/v1';
let csrfToken = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

export class ApiError extends Error {
  // status: HTTP status (0 when the server could not be reached); code: the API's error code ("invalid",
  // "refused", "csrf" …); fields: [{field, message}] for the request fields at fault.
  constructor(status, message, code = null, fields = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

// Reads the error of an answer: {"error": {"code", "message", "field"?, "fields"?}} (docs/api.md, Conventions).
function errorFrom(status, body) {
  const fallback = status === 401 ? '请先登录。' : status === 403 ? '没有权限执行此操作。'
    : status === 404 ? '未找到该记录。' : status === 429 ? '请求过于频繁，请稍后再试。'
    : `服务器出错（${status}），请稍后重试。`;
  const err = body && typeof body === 'object' ? body.error : null;
  if (!err || typeof err !== 'object') return new ApiError(status, fallback);
  const fields = Array.isArray(err.fields) && err.fields.length ? err.fields.filter((f) => f && f.field)
    : err.field ? [{field: err.field, message: err.message}] : [];
  return new ApiError(status, err.message || fallback, err.code || null, fields);
}

// Calls the API. body (an object) is sent as JSON; a Blob or File is sent as it is, with its own type (CSV
// imports). Resolves to the parsed JSON (or text for non-JSON answers);
// rejects with ApiError. A 401 on any call but the login itself fires the 'gongkai:unauthorized' event.
export async function api(method, path, body) {
  const headers = {Accept: 'application/json'};
  const raw = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = raw ? body.type || 'text/csv' : 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(BASE + path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined || raw ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, '无法连接服务器，请检查网络后重试。');
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    if (response.status === 401 && path !== '/session') {
      window.dispatchEvent(new CustomEvent('gongkai:unauthorized'));
    }
    throw errorFrom(response.status, data);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const put = (path, body = {}) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

// Query string from an object, skipping empty values: qs({status: 'open', q: ''}) → "?status=open".
export function qs(params) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, v);
  const text = search.toString();
  return text ? `?${text}` : '';
}
