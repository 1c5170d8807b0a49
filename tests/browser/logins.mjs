// logins: the demo users the browser tests log in as (`gongkai demo` makes one per role and prints them with
// their password). GONGKAI_DEMO_<ROLE> and GONGKAI_DEMO_PASSWORD override them for another database.
import assert from 'node:assert/strict';

export const LOGINS = Object.fromEntries(['clerk', 'head', 'admin', 'supervisor', 'auditor'].map((role) =>
  [role, process.env[`GONGKAI_DEMO_${role.toUpperCase()}`] || role]));

// The password `gongkai demo` prints with the demo logins ("演示账号（密码均为 gongkai-demo）：").
export function demoPassword(output) {
  if (process.env.GONGKAI_DEMO_PASSWORD) return process.env.GONGKAI_DEMO_PASSWORD;
  const m = /密码(?:均为|[：:])\s*([^\s）)，,]+)/.exec(output);
  assert.ok(m, `gongkai demo did not print the demo password:\n${output}`);
  return m[1];
}
