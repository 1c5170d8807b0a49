/* auth: passwords (argon2id through libsodium's crypto_pwhash_str), session tokens (random, kept in the store only
 * as a BLAKE2b hash), constant-time comparison, and the roles of the web application. */
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "util/text.h"
#include "web/web.h"

const web_role_def WEB_ROLES[] = {
    {"clerk", "经办人", ROLE_CLERK},
    {"head", "负责人", ROLE_HEAD},
    {"admin", "系统管理员", ROLE_ADMIN},
    {"supervisor", "主管部门", ROLE_SUPERVISOR},
    {"auditor", "审计员", ROLE_AUDITOR},
};
const size_t WEB_ROLE_COUNT = sizeof WEB_ROLES / sizeof WEB_ROLES[0];

unsigned web_role_bit_of(const char *key)
{
    for (size_t i = 0; key && i < WEB_ROLE_COUNT; i++)
        if (strcmp(WEB_ROLES[i].key, key) == 0) return WEB_ROLES[i].bit;
    return 0;
}

/* Each interactive argon2id hash takes 64 MB for a moment: at most two at once keep the server small however many
 * logins arrive together. The semaphore is process-wide like the memory it guards. */
static sem_t hash_slots;
static pthread_once_t hash_slots_once = PTHREAD_ONCE_INIT;
static void init_hash_slots(void) { sem_init(&hash_slots, 0, 2); }

static bool fast_hash_for_tests(void)
{
    const char *v = getenv("GONGKAI_TEST_FAST_PASSWORD_HASH");
    return v && strcmp(v, "1") == 0;
}

char *web_password_hash(const char *password)
{
    pthread_once(&hash_slots_once, init_hash_slots);
    char *out = xmalloc(crypto_pwhash_STRBYTES);
    unsigned long long ops = fast_hash_for_tests() ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = fast_hash_for_tests() ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    sem_wait(&hash_slots);
    int rc = crypto_pwhash_str(out, password, strlen(password), ops, mem);
    sem_post(&hash_slots);
    if (rc != 0) {
        free(out);
        return NULL;
    }
    return out;
}

bool web_password_verify(const char *hash, const char *password)
{
    if (!hash || !password) return false;
    pthread_once(&hash_slots_once, init_hash_slots);
    sem_wait(&hash_slots);
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    sem_post(&hash_slots);
    return ok;
}

const char *web_password_problem(const char *password)
{
    size_t len = password ? strlen(password) : 0;
    if (!utf8_validate(password ? password : "", len, NULL)) return "密码不是有效的 UTF-8 文本。";
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)password[i] & 0xC0) != 0x80) chars++;
    if (chars < 10) return "密码至少需要 10 个字符。";
    if (len > 256) return "密码不能超过 256 个字节。";
    return NULL;
}

void web_token_hash(const char *token, char out[65])
{
    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, hash, sizeof hash);
}

char *web_random_token(size_t n)
{
    unsigned char *bytes = xmalloc(n);
    randombytes_buf(bytes, n);
    size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = xmalloc(len);
    sodium_bin2base64(out, len, bytes, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes, n);
    free(bytes);
    return out;
}

bool web_secret_equal(const char *a, const char *b)
{
    if (!a || !b) return false;
    /* Compare hashes of both: equal lengths for sodium_memcmp, and no early exit on the length either. */
    unsigned char ha[32], hb[32];
    crypto_generichash(ha, sizeof ha, (const unsigned char *)a, strlen(a), NULL, 0);
    crypto_generichash(hb, sizeof hb, (const unsigned char *)b, strlen(b), NULL, 0);
    return sodium_memcmp(ha, hb, sizeof ha) == 0;
}
