/* auth: what the command line shares with the web server about users — the roles, and passwords (argon2id via
 * libsodium's crypto_pwhash_str; the store keeps only the hash). Implemented in auth.c. */
#ifndef GONGKAI_WEB_AUTH_H
#define GONGKAI_WEB_AUTH_H

#include <stdbool.h>
#include <stddef.h>

enum web_role_bit {
    ROLE_CLERK = 1u << 0,
    ROLE_HEAD = 1u << 1,
    ROLE_ADMIN = 1u << 2,
    ROLE_SUPERVISOR = 1u << 3,
    ROLE_AUDITOR = 1u << 4,
};
#define ROLES_STAFF (ROLE_CLERK | ROLE_HEAD)
#define ROLES_ANY (ROLE_CLERK | ROLE_HEAD | ROLE_ADMIN | ROLE_SUPERVISOR | ROLE_AUDITOR)

typedef struct web_role_def {
    const char *key;   /* stored in users.role */
    const char *label; /* 经办人 … */
    unsigned bit;
} web_role_def;

extern const web_role_def WEB_ROLES[];
extern const size_t WEB_ROLE_COUNT;
/* The bit of a role key, 0 when unknown. */
unsigned web_role_bit_of(const char *key);

/* crypto_pwhash_str (argon2id); NULL when out of memory. At most two hashes run at once (each takes 64 MB).
 * GONGKAI_TEST_FAST_PASSWORD_HASH=1 lowers the cost for tests only. Caller frees. */
char *web_password_hash(const char *password);
bool web_password_verify(const char *hash, const char *password);
/* A refusal message when the password is too weak (fewer than 10 characters, …), else NULL. Static. */
const char *web_password_problem(const char *password);
#endif
