/*
 * Console output through the PAPR vterm: H_PUT_TERM_CHAR (LoPAPR 14.14.2,
 * hcall 0x58) takes up to 16 bytes packed big-endian into r6 and r7.  Bytes
 * are buffered and sent per line or per 16 bytes.  A small printf sits on
 * top.
 */
#include "isatest.h"

#define H_PUT_TERM_CHAR 0x58
#define VTERM_UNIT 0x71000000

static char con_buf[16];
static unsigned con_len;

void rt_flush(void)
{
    uint64_t hi = 0, lo = 0;
    unsigned i;

    if (!con_len)
        return;
    for (i = 0; i < 16; i++) {
        uint64_t byte = i < con_len ? (unsigned char)con_buf[i] : 0;
        if (i < 8)
            hi |= byte << (56 - 8 * i);
        else
            lo |= byte << (56 - 8 * (i - 8));
    }
    rt_hcall(H_PUT_TERM_CHAR, VTERM_UNIT, con_len, hi, lo, 0, 0, NULL);
    con_len = 0;
}

void rt_putc(char c)
{
    con_buf[con_len++] = c;
    if (con_len == sizeof(con_buf) || c == '\n')
        rt_flush();
}

void rt_puts(const char *s)
{
    while (*s)
        rt_putc(*s++);
}

/* ---- formatting: one writer type for the console and for buffers */

struct out {
    char *buf;   /* NULL: console */
    size_t size;
    size_t len;
};

static void out_c(struct out *o, char c)
{
    if (!o->buf)
        rt_putc(c);
    else if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void out_num(struct out *o, uint64_t v, int neg, unsigned base,
                    int upper, int width, int zero, int left)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, total;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    total = n + neg;
    if (!left && !zero) {
        for (; total < width; total++)
            out_c(o, ' ');
    }
    if (neg)
        out_c(o, '-');
    if (!left && zero) {
        for (; total < width; total++)
            out_c(o, '0');
    }
    while (n)
        out_c(o, tmp[--n]);
    for (; total < width; total++)
        out_c(o, ' ');
}

static void out_format(struct out *o, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        int width = 0, zero = 0, left = 0, lng = 0;
        uint64_t u;
        int64_t s;

        if (*fmt != '%') {
            out_c(o, *fmt);
            continue;
        }
        fmt++;
        for (; *fmt == '0' || *fmt == '-'; fmt++) {
            if (*fmt == '0')
                zero = 1;
            else
                left = 1;
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');
        for (; *fmt == 'l' || *fmt == 'z' || *fmt == 'h'; fmt++) {
            if (*fmt != 'h')
                lng = 1;
        }
        switch (*fmt) {
        case 'c':
            out_c(o, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            int len;
            if (!str)
                str = "(null)";
            len = (int)strlen(str);
            for (; !left && len < width; width--)
                out_c(o, ' ');
            while (*str)
                out_c(o, *str++);
            for (; left && len < width; width--)
                out_c(o, ' ');
            break;
        }
        case 'd':
        case 'i':
            s = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            u = s < 0 ? -(uint64_t)s : (uint64_t)s;
            out_num(o, u, s < 0, 10, 0, width, zero, left);
            break;
        case 'u':
            u = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            out_num(o, u, 0, 10, 0, width, zero, left);
            break;
        case 'x':
        case 'X':
            u = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            out_num(o, u, 0, 16, *fmt == 'X', width, zero, left);
            break;
        case 'p':
            out_c(o, '0');
            out_c(o, 'x');
            out_num(o, (uintptr_t)va_arg(ap, void *), 0, 16, 0, width, zero, left);
            break;
        case '%':
            out_c(o, '%');
            break;
        case '\0':
            return;
        default:
            out_c(o, '%');
            out_c(o, *fmt);
            break;
        }
    }
}

void rt_vprintf(const char *fmt, va_list ap)
{
    struct out o = { NULL, 0, 0 };
    out_format(&o, fmt, ap);
}

void rt_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rt_vprintf(fmt, ap);
    va_end(ap);
}

int rt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    struct out o = { buf, size, 0 };
    va_list ap;

    va_start(ap, fmt);
    out_format(&o, fmt, ap);
    va_end(ap);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}
