/*
 * hw-spapr/rtc.c: the partition's time-of-day clock, behind the RTAS
 * services get-time-of-day and set-time-of-day (LoPAPR: RTAS time of day).
 *
 * There is no clock chip: the guest's time is a host clock plus an offset.
 * -rtc picks the clock (clock=host: CLOCK_REALTIME, which follows the
 * host's time adjustments; clock=rt and clock=vm: CLOCK_MONOTONIC, which
 * does not) and what the guest reads at start-up (base=utc: the host's UTC
 * time; base=localtime: the host's local time as if it were UTC, which is
 * what an OS that keeps its clock in local time expects; base=DATE: that
 * date, counting on from there).  QEMU's clock=vm stops while the machine
 * is paused; this machine never pauses, so vm runs like rt, except under
 * -icount: there vm is the guest's instruction clock (accel/tcg/icount.c),
 * so that with a fixed base= the guest's dates repeat from run to run.
 *
 * set-time-of-day moves the offset, so that the guest's new time counts on
 * from the value it wrote.  The offset survives a reset, as the time of a
 * battery-backed clock survives a reboot.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "log.h"
#include "spapr.h"

#define NS_PER_SEC 1000000000ll

static int64_t rtc_clock_ns(const SpaprMachine *m, SpaprRtcClock clock)
{
    struct timespec ts;

    if (clock == SPAPR_RTC_CLOCK_VM && m->cfg && m->cfg->icount.on) {
        /* 0 until the vCPU exists (the clock starts there) */
        return m->cpus[0] ? (int64_t)icount_guest_ns(m->cpus[0]) : 0;
    }

    clock_gettime(clock == SPAPR_RTC_CLOCK_HOST ? CLOCK_REALTIME
                                                : CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

static bool is_leap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int64_t year, int month)
{
    static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30,
                                      31, 31, 30, 31, 30, 31 };

    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* the broken-down UTC date to seconds since the epoch; false if a field
   is out of range.  Years run from 1970 to RTC_MAX_YEAR, so that a time
   in nanoseconds fits in 64 bits (up to 2262) with decades to spare. */
#define RTC_MAX_YEAR 2199

static bool rtc_date_to_secs(int64_t year, int64_t month, int64_t day,
                             int64_t hour, int64_t min, int64_t sec,
                             int64_t *secs)
{
    struct tm tm;

    if (year < 1970 || year > RTC_MAX_YEAR || month < 1 || month > 12 ||
        day < 1 || day > days_in_month(year, (int)month) || hour < 0 ||
        hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59) {
        return false;
    }
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = (int)(year - 1900);
    tm.tm_mon = (int)(month - 1);
    tm.tm_mday = (int)day;
    tm.tm_hour = (int)hour;
    tm.tm_min = (int)min;
    tm.tm_sec = (int)sec;
    *secs = (int64_t)timegm(&tm);
    return true;
}

bool spapr_rtc_parse_date(const char *str, int64_t *secs)
{
    int year, month, day, hour = 0, min = 0, sec = 0, end = 0;

    /* QEMU's two forms; %n checks that nothing follows */
    if (sscanf(str, "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour,
               &min, &sec, &end) == 6 && str[end] == '\0' && end == 19) {
        return rtc_date_to_secs(year, month, day, hour, min, sec, secs);
    }
    end = 0;
    if (sscanf(str, "%4d-%2d-%2d%n", &year, &month, &day, &end) == 3 &&
        str[end] == '\0' && end == 10) {
        return rtc_date_to_secs(year, month, day, 0, 0, 0, secs);
    }
    return false;
}

void spapr_rtc_init(SpaprMachine *m)
{
    const SpaprConfig *cfg = m->cfg;
    SpaprRtcBase base = cfg ? cfg->rtc_base : SPAPR_RTC_BASE_UTC;
    int64_t utc_now, start;

    m->rtc_clock = cfg ? cfg->rtc_clock : SPAPR_RTC_CLOCK_HOST;
    utc_now = rtc_clock_ns(m, SPAPR_RTC_CLOCK_HOST);
    switch (base) {
    case SPAPR_RTC_BASE_LOCALTIME: {
        time_t t = (time_t)(utc_now / NS_PER_SEC);
        struct tm tm;
        localtime_r(&t, &tm);
        start = utc_now + (int64_t)tm.tm_gmtoff * NS_PER_SEC;
        break;
    }
    case SPAPR_RTC_BASE_DATE:
        start = cfg->rtc_date * NS_PER_SEC;
        break;
    case SPAPR_RTC_BASE_UTC:
    default:
        start = utc_now;
        break;
    }
    m->rtc_offset_ns = start - rtc_clock_ns(m, m->rtc_clock);
}

int64_t spapr_rtc_now_ns(const SpaprMachine *m)
{
    return rtc_clock_ns(m, m->rtc_clock) + m->rtc_offset_ns;
}

/* get-time-of-day: no arguments; returns status, year, month, day, hour,
   minute, second, nanoseconds */
void rtas_get_time_of_day(SpaprMachine *m, CPUPPCState *env,
                          const SpaprRtasArgs *a)
{
    /* a base before 1970 cannot be set; a host clock stepped back can
       still get there */
    int64_t now = MAX(spapr_rtc_now_ns(m), 0);
    time_t secs = (time_t)(now / NS_PER_SEC);
    struct tm tm;

    if (!spapr_rtas_check_counts(m, a, 0, 8, "get-time-of-day")) {
        return;
    }
    gmtime_r(&secs, &tm);
    spapr_rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
    spapr_rtas_ret(m, a, 1, tm.tm_year + 1900);
    spapr_rtas_ret(m, a, 2, tm.tm_mon + 1);
    spapr_rtas_ret(m, a, 3, tm.tm_mday);
    spapr_rtas_ret(m, a, 4, tm.tm_hour);
    spapr_rtas_ret(m, a, 5, tm.tm_min);
    spapr_rtas_ret(m, a, 6, tm.tm_sec);
    spapr_rtas_ret(m, a, 7, (int32_t)(now % NS_PER_SEC));
}

/* set-time-of-day: year, month, day, hour, minute, second, nanoseconds;
   returns the status (-3 for a date that does not exist) */
void rtas_set_time_of_day(SpaprMachine *m, CPUPPCState *env,
                          const SpaprRtasArgs *a)
{
    uint32_t v[7];
    int64_t secs;

    if (!spapr_rtas_check_counts(m, a, 7, 1, "set-time-of-day")) {
        return;
    }
    for (uint32_t i = 0; i < 7; i++) {
        v[i] = spapr_rtas_arg(m, a, i);
    }
    if (!rtc_date_to_secs(v[0], v[1], v[2], v[3], v[4], v[5], &secs) ||
        v[6] >= NS_PER_SEC) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("RTAS set-time-of-day: bad date %" PRIu32 "-%" PRIu32
                       "-%" PRIu32 " %" PRIu32 ":%" PRIu32 ":%" PRIu32
                       ".%09" PRIu32 "\n", v[0], v[1], v[2], v[3], v[4],
                       v[5], v[6]);
        }
        spapr_rtas_ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        return;
    }
    m->rtc_offset_ns = secs * NS_PER_SEC + v[6] -
                       rtc_clock_ns(m, m->rtc_clock);
    spapr_rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
}
