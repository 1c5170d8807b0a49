/* test_fee: 信息处理费 (国办函〔2020〕109号) — per-item bands per applicant per month, per-page bands, edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <cmocka.h>

#include "cases/fee.h"

static void test_per_item_bands(void **state)
{
    (void)state;
    static const struct {
        int nth;
        long fee;
    } t[] = {{-3, 0},   {0, 0},    {1, 0},    {10, 0},   {11, 100}, {12, 100}, {30, 100}, {31, 200},
             {40, 200}, {41, 300}, {50, 300}, {51, 400}, {60, 400}, {61, 500}, {100, 800}, {101, 900}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (gk_fee_per_item(t[i].nth) != t[i].fee)
            fail_msg("per item #%d: %ld, want %ld", t[i].nth, gk_fee_per_item(t[i].nth), t[i].fee);
    }
    assert_false(gk_fee_applies_per_item(10));
    assert_true(gk_fee_applies_per_item(11));
    assert_false(gk_fee_applies_per_item(0));
    assert_true(gk_fee_per_item(INT_MAX) > 0);
}

static void test_per_item_total(void **state)
{
    (void)state;
    static const struct {
        int n;
        long total;
    } t[] = {{0, 0},     {10, 0},    {11, 100},  {30, 2000}, {31, 2200},
             {40, 4000}, {41, 4300}, {50, 7000}, {51, 7400}, {60, 11000}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (gk_fee_per_item_total(t[i].n) != t[i].total)
            fail_msg("total for %d: %ld, want %ld", t[i].n, gk_fee_per_item_total(t[i].n), t[i].total);
    /* the closed form equals the sum of the per-item fees */
    long sum = 0;
    for (int n = 1; n <= 5000; n++) {
        sum += gk_fee_per_item(n);
        assert_int_equal(gk_fee_per_item_total(n), sum);
    }
    assert_int_equal(gk_fee_per_item_total(INT_MAX), LONG_MAX); /* saturates, no overflow */
}

static void test_per_page(void **state)
{
    (void)state;
    static const struct {
        int pages;
        long fee;
    } t[] = {{-1, 0},     {0, 0},      {1, 0},      {30, 0},       {31, 10},       {100, 700},
             {101, 720},  {200, 2700}, {201, 2740}, {250, 4700},   {1000, 34700},  {INT_MAX, 85899340580L}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (gk_fee_per_page(t[i].pages) != t[i].fee)
            fail_msg("%d pages: %ld, want %ld", t[i].pages, gk_fee_per_page(t[i].pages), t[i].fee);
    assert_false(gk_fee_applies_per_page(30));
    assert_true(gk_fee_applies_per_page(31));
    /* progressive: each extra page costs its own band's rate */
    for (int p = 1; p <= 400; p++) {
        long step = gk_fee_per_page(p) - gk_fee_per_page(p - 1);
        long want = p <= 30 ? 0 : p <= 100 ? 10 : p <= 200 ? 20 : 40;
        assert_int_equal(step, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_item_bands),
        cmocka_unit_test(test_per_item_total),
        cmocka_unit_test(test_per_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
