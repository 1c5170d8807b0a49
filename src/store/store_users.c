/* store_users: the people of the web application in the store — users (with a password hash made by the web
 * layer; the store never sees a password), sessions (kept by the hash of their token), and login attempts (for
 * throttling). Portable SQL only (backend.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/buf.h"

void store_user_clear(store_user *u)
{
    free(u->username);
    free(u->display_name);
    free(u->role);
    free(u->agency_name);
    free(u->password_hash);
    free(u->created_at);
    memset(u, 0, sizeof *u);
}

void store_user_list_free(store_user *list, size_t count)
{
    for (size_t i = 0; i < count; i++) store_user_clear(&list[i]);
    free(list);
}

#define USER_COLUMNS_SQL "u.id, u.agency_id, u.username, u.display_name, u.role, a.name, u.created_at, u.disabled"
#define USER_FROM_SQL " FROM users u JOIN agencies a ON a.agency_id = u.agency_id "

static void read_user(sq *q, store_user *u)
{
    u->id = sq_col_int(q, 0);
    u->agency_id = sq_col_int(q, 1);
    u->username = sq_col_dup(q, 2);
    u->display_name = sq_col_dup(q, 3);
    u->role = sq_col_dup(q, 4);
    u->agency_name = sq_col_dup(q, 5);
    u->created_at = sq_col_dup(q, 6);
    u->disabled = sq_col_int(q, 7) != 0;
}

int store_user_add(gk_store *s, int64_t agency, const char *username, const char *display_name, const char *role,
                   const char *password_hash, int64_t *id, bool *duplicate, char **error)
{
    if (duplicate) *duplicate = false;
    if (!username || !*username || !password_hash || !*password_hash || !role) {
        store_set_error(error, store_message("用户名、角色和密码都不能为空。"));
        return -1;
    }
    if (store_agency_exists(s, agency, error) != 1) return -1;
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO users (agency_id, username, display_name, role, password_hash, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                   error) != 0)
        return -1;
    char now[20];
    store_now(now);
    sq_int(&q, agency);
    sq_text(&q, username);
    sq_text(&q, display_name && *display_name ? display_name : username);
    sq_text(&q, role);
    sq_text(&q, password_hash);
    sq_text(&q, now);
    char *why = NULL;
    int rc = sq_step(&q, &why);
    if (rc == STORE_ROW && id) *id = sq_col_int(&q, 0);
    bool constraint = q.constraint;
    sq_finish(&q);
    if (rc == STORE_ROW) {
        free(why);
        return 0;
    }
    if (constraint) {
        free(why);
        /* The role is checked by the caller; the one constraint left is the unique username. */
        if (duplicate) *duplicate = true;
        store_set_error(error, store_message("用户名“%s”已被使用，或角色“%s”无效。", username, role));
    } else {
        store_set_error(error, why);
    }
    return -1;
}

int store_user_by_name(gk_store *s, const char *username, store_user *out, char **error)
{
    memset(out, 0, sizeof *out);
    sq q;
    if (sq_prepare(&q, s, "SELECT " USER_COLUMNS_SQL ", u.password_hash" USER_FROM_SQL "WHERE u.username = ?", error) != 0)
        return -1;
    sq_text(&q, username);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) {
        read_user(&q, out);
        out->password_hash = sq_col_dup(&q, 8);
    }
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

int store_user_get(gk_store *s, int64_t agency, int64_t id, store_user *out, char **error)
{
    memset(out, 0, sizeof *out);
    sq q;
    if (sq_prepare(&q, s, "SELECT " USER_COLUMNS_SQL USER_FROM_SQL "WHERE u.agency_id = ? AND u.id = ?", error) != 0)
        return -1;
    sq_int(&q, agency);
    sq_int(&q, id);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) read_user(&q, out);
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

static bool read_user_row(sq *q, void *record)
{
    read_user(q, record);
    return true;
}

static void free_user_rows(void *rows, size_t count) { store_user_list_free(rows, count); }

int store_user_list(gk_store *s, int64_t agency, store_user **out, size_t *count, char **error)
{
    void *rows;
    int rc = sq_collect_for_agency(s, "SELECT " USER_COLUMNS_SQL USER_FROM_SQL "WHERE u.agency_id = ? ORDER BY u.id",
                                   agency, sizeof **out, read_user_row, free_user_rows, &rows, count, error);
    *out = rows;
    return rc;
}

/* Runs one UPDATE … RETURNING id on the user (agency, id): 1 changed, 0 no such user, -1 error. */
static int update_user(gk_store *s, const char *sql, int64_t agency, int64_t id, const char *text, int64_t number,
                       char **error)
{
    sq q;
    if (sq_prepare(&q, s, sql, error) != 0) return -1;
    if (text) sq_text(&q, text);
    else sq_int(&q, number);
    sq_int(&q, agency);
    sq_int(&q, id);
    int rc = sq_step(&q, error);
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

static int revoke_user_sessions(gk_store *s, int64_t agency, int64_t id, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "UPDATE sessions SET revoked = 1 WHERE agency_id = ? AND user_id = ?", error) != 0) return -1;
    sq_int(&q, agency);
    sq_int(&q, id);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

/* An update of the user and the revocation of its sessions, in one transaction. */
static int update_user_and_revoke(gk_store *s, const char *sql, int64_t agency, int64_t id, const char *text,
                                  int64_t number, bool revoke, char **error)
{
    if (store_begin(s, error) != 0) return -1;
    int found = update_user(s, sql, agency, id, text, number, error);
    if (found == 1 && revoke && revoke_user_sessions(s, agency, id, error) != 0) found = -1;
    if (found < 0) {
        store_rollback(s);
        return -1;
    }
    if (store_commit(s, error) != 0) return -1;
    return found;
}

int store_user_set_disabled(gk_store *s, int64_t agency, int64_t id, bool disabled, char **error)
{
    return update_user_and_revoke(s, "UPDATE users SET disabled = ? WHERE agency_id = ? AND id = ? RETURNING id",
                                  agency, id, NULL, disabled ? 1 : 0, disabled, error);
}

int store_user_set_password(gk_store *s, int64_t agency, int64_t id, const char *password_hash, char **error)
{
    if (!password_hash || !*password_hash) {
        store_set_error(error, store_message("密码不能为空。"));
        return -1;
    }
    return update_user_and_revoke(s, "UPDATE users SET password_hash = ? WHERE agency_id = ? AND id = ? RETURNING id",
                                  agency, id, password_hash, 0, true, error);
}

/* ---- sessions ---- */

int store_session_add(gk_store *s, const store_user *user, const char *token_hash, const char *csrf_token,
                      int64_t now, int64_t expires_at, char **error)
{
    sq q;
    if (sq_prepare(&q, s,
                   "INSERT INTO sessions (token_hash, agency_id, user_id, csrf_token, created_at, expires_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   error) != 0)
        return -1;
    sq_text(&q, token_hash);
    sq_int(&q, user->agency_id);
    sq_int(&q, user->id);
    sq_text(&q, csrf_token);
    sq_int(&q, now);
    sq_int(&q, expires_at);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

int store_session_lookup(gk_store *s, const char *token_hash, int64_t now, store_user *user, char **csrf_token,
                         char **error)
{
    memset(user, 0, sizeof *user);
    *csrf_token = NULL;
    sq q;
    if (sq_prepare(&q, s,
                   "SELECT " USER_COLUMNS_SQL ", s.csrf_token FROM sessions s "
                   "JOIN users u ON u.agency_id = s.agency_id AND u.id = s.user_id "
                   "JOIN agencies a ON a.agency_id = u.agency_id "
                   "WHERE s.token_hash = ? AND s.revoked = 0 AND s.expires_at > ? AND u.disabled = 0",
                   error) != 0)
        return -1;
    sq_text(&q, token_hash);
    sq_int(&q, now);
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) {
        read_user(&q, user);
        *csrf_token = sq_col_dup(&q, 8);
    }
    sq_finish(&q);
    return rc == STORE_FAILED ? -1 : rc == STORE_ROW;
}

int store_session_revoke(gk_store *s, const char *token_hash, char **error)
{
    sq q;
    if (sq_prepare(&q, s, "UPDATE sessions SET revoked = 1 WHERE token_hash = ?", error) != 0) return -1;
    sq_text(&q, token_hash);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

static int delete_before(gk_store *s, const char *sql, int64_t before, char **error)
{
    sq q;
    if (sq_prepare(&q, s, sql, error) != 0) return -1;
    sq_int(&q, before);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

int store_auth_purge(gk_store *s, int64_t before, char **error)
{
    if (delete_before(s, "DELETE FROM sessions WHERE expires_at < ?", before, error) != 0) return -1;
    return delete_before(s, "DELETE FROM login_attempts WHERE at < ?", before, error);
}

/* ---- login attempts ---- */

int store_login_attempt_add(gk_store *s, const char *username, const char *address, int64_t at, bool success,
                            char **error)
{
    sq q;
    if (sq_prepare(&q, s, "INSERT INTO login_attempts (username, address, at, success) VALUES (?, ?, ?, ?)", error) != 0)
        return -1;
    sq_text(&q, username ? username : "");
    sq_text(&q, address ? address : "");
    sq_int(&q, at);
    sq_int(&q, success ? 1 : 0);
    int rc = sq_exec(&q, error);
    sq_finish(&q);
    return rc;
}

static int count_failures(gk_store *s, const char *sql, const char *key, int64_t since, int *count, int64_t *last_at,
                          char **error)
{
    *count = 0;
    *last_at = 0;
    sq q;
    if (sq_prepare(&q, s, sql, error) != 0) return -1;
    sq_text(&q, key ? key : "");
    sq_int(&q, since);
    sq_text(&q, key ? key : "");
    int rc = sq_step(&q, error);
    if (rc == STORE_ROW) {
        *count = (int)sq_col_int(&q, 0);
        *last_at = sq_col_null(&q, 1) ? 0 : sq_col_int(&q, 1);
    }
    sq_finish(&q);
    return rc == STORE_ROW ? 0 : -1;
}

int store_login_failures_for_user(gk_store *s, const char *username, int64_t since, int *count, int64_t *last_at,
                                  char **error)
{
    return count_failures(s,
                          "SELECT COUNT(*), MAX(at) FROM login_attempts WHERE username = ? AND success = 0 AND at > ? "
                          "AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE username = ? AND success = 1), 0)",
                          username, since, count, last_at, error);
}

int store_login_failures_for_address(gk_store *s, const char *address, int64_t since, int *count, int64_t *last_at,
                                     char **error)
{
    return count_failures(s,
                          "SELECT COUNT(*), MAX(at) FROM login_attempts WHERE address = ? AND success = 0 AND at > ? "
                          "AND ? IS NOT NULL",
                          address, since, count, last_at, error);
}
