/* validate: checks of what applicants write on a form — the identity documents of DESIGN.md §3's applicants
 * (18-digit resident identity card number, GB 11643-1999; unified social credit code, GB 32100-2015) — and the
 * masking of ID numbers in lists. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/text.h"
#include "web/web.h"

const web_id_type WEB_ID_TYPES[] = {
    {"resident_id", "居民身份证", true, web_check_resident_id},
    {"passport", "护照", true, NULL},
    {"hk_macao_permit", "港澳居民来往内地通行证", true, NULL},
    {"taiwan_permit", "台湾居民来往大陆通行证", true, NULL},
    {"foreign_permanent_id", "外国人永久居留身份证", true, NULL},
    {"other_person", "其他有效身份证件", true, NULL},
    {"credit_code", "统一社会信用代码", false, web_check_credit_code},
    {"other_org", "其他登记证照号码", false, NULL},
};
const size_t WEB_ID_TYPE_COUNT = sizeof WEB_ID_TYPES / sizeof WEB_ID_TYPES[0];

const web_id_type *web_id_type_find(const char *key)
{
    for (size_t i = 0; key && i < WEB_ID_TYPE_COUNT; i++)
        if (strcmp(WEB_ID_TYPES[i].key, key) == 0) return &WEB_ID_TYPES[i];
    return NULL;
}

const char *web_check_resident_id(const char *number, char *message, size_t size)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check_chars[] = "10X98765432";
    size_t len = strlen(number);
    if (len != 18) {
        snprintf(message, size, "居民身份证号码应为18位，现为%zu位。", len);
        return message;
    }
    for (int i = 0; i < 17; i++)
        if (number[i] < '0' || number[i] > '9') {
            snprintf(message, size, "居民身份证号码前17位应为数字（第%d位不是）。", i + 1);
            return message;
        }
    char last = number[17] == 'x' ? 'X' : number[17];
    if (!(last >= '0' && last <= '9') && last != 'X') {
        snprintf(message, size, "居民身份证号码最后一位应为数字或X。");
        return message;
    }
    int year = (number[6] - '0') * 1000 + (number[7] - '0') * 100 + (number[8] - '0') * 10 + (number[9] - '0');
    int month = (number[10] - '0') * 10 + (number[11] - '0');
    int day = (number[12] - '0') * 10 + (number[13] - '0');
    gk_date birth = {year, month, day};
    if (year < 1900 || !gk_date_valid(birth)) {
        snprintf(message, size, "居民身份证号码中的出生日期（第7–14位：%.8s）不是有效日期。", number + 6);
        return message;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (number[i] - '0') * weights[i];
    char expected = check_chars[sum % 11];
    if (last != expected) {
        snprintf(message, size, "居民身份证号码校验位不符：最后一位应为 %c，请核对号码。", expected);
        return message;
    }
    return NULL;
}

const char *web_check_credit_code(const char *number, char *message, size_t size)
{
    static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    size_t len = strlen(number);
    if (len != 18) {
        snprintf(message, size, "统一社会信用代码应为18位，现为%zu位。", len);
        return message;
    }
    int sum = 0;
    for (int i = 0; i < 18; i++) {
        char c = number[i] >= 'a' && number[i] <= 'z' ? (char)(number[i] - 'a' + 'A') : number[i];
        const char *at = c ? strchr(chars, c) : NULL;
        if (!at) {
            snprintf(message, size, "统一社会信用代码第%d位“%c”不是有效字符（不用 I、O、Z、S、V）。", i + 1,
                     number[i] > 0x20 && number[i] < 0x7f ? number[i] : '?');
            return message;
        }
        if (i < 17) sum += (int)(at - chars) * weights[i];
        else {
            char expected = chars[(31 - sum % 31) % 31];
            if (c != expected) {
                snprintf(message, size, "统一社会信用代码校验位不符：最后一位应为 %c，请核对。", expected);
                return message;
            }
        }
    }
    return NULL;
}

char *web_mask_id(const char *number)
{
    if (!number) return NULL;
    /* Characters, not bytes: a number typed with a Chinese character stays valid UTF-8. */
    size_t len = strlen(number), chars = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += (size_t)utf8_decode(number + i, len - i, &cp);
        chars++;
    }
    size_t keep_head = chars >= 12 ? 4 : 0, keep_tail = chars >= 12 ? 4 : chars > 2 ? 2 : 0;
    buf out = BUF_INIT;
    size_t index = 0;
    for (size_t i = 0; i < len; index++) {
        int32_t cp;
        int n = utf8_decode(number + i, len - i, &cp);
        if (index < keep_head || index + keep_tail >= chars) buf_append(&out, number + i, (size_t)n);
        else buf_putc(&out, '*');
        i += (size_t)n;
    }
    return buf_detach(&out);
}
