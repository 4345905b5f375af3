/*
 * hw-spapr/vscsi.c: spapr-vscsi, the virtual SCSI server adapter
 * (include/spapr-vscsi.h).
 *
 * The protocol is SRP (the SCSI RDMA Protocol, T10 SRP) carried over the
 * VIO command/response queue, as Linux's ibmvscsi client and SLOF speak it
 * (LoPAPR "Virtual SCSI"; the layouts are those of Linux's
 * include/scsi/srp.h and drivers/scsi/ibmvscsi/viosrp.h, big-endian):
 *
 *   CRQ 0xc0 0x01 (init)          answered with 0xc0 0x02 (init complete)
 *   CRQ 0x80 format 0x01 (SRP)    bytes 6-7 the IU length, 8-15 the IU's
 *                                 I/O address: SRP_LOGIN_REQ, SRP_CMD,
 *                                 SRP_TSK_MGMT, SRP_I_LOGOUT
 *   CRQ 0x80 format 0x02 (MAD)    management datagrams: adapter info,
 *                                 fast fail; others "not supported"
 *
 * The answer IU overwrites the request IU at its I/O address, and a CRQ
 * entry 0x80 with the same format, the answer's length and the request's
 * tag (IU bytes 8-15, which the client uses as its own pointer) tells the
 * client.  A command for a unit runs on an I/O worker (system/block-aio.c,
 * one queue per adapter, so a unit's commands stay in order) and is
 * answered from the run loop when it is done: the vCPU goes on meanwhile,
 * and a slow disk never stalls the guest's clock.  Everything else
 * (login, MADs, REPORT LUNS, errors found in the IU) is answered inside
 * H_SEND_CRQ.  Task management answers "function complete": a command in
 * flight is not abortable and completes anyway.
 *
 * Data moves between the guest and a host buffer through the adapter's
 * TCE table (spapr_vio_dma_*): the SRP_CMD's data-out and data-in buffers
 * are direct descriptors (va, key, len) or an indirect table of them, in
 * the IU or, when longer, at an I/O address.  A descriptor the TCE table
 * does not map fails the command with CHECK CONDITION (HARDWARE ERROR,
 * INTERNAL TARGET FAILURE) and never touches other memory.
 *
 * LUNs: the client addresses a unit with the logical-unit addressing
 * method (SAM-5: byte 0 = 0x80 | target, byte 1 = bus << 5 | lun), as
 * ibmvscsi's lun_from_dev builds it; the all-zero LUN is target 0 lun 0.
 * REPORT LUNS answers with the target's LUNs in peripheral addressing.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "log.h"
#include "spapr-vscsi.h"
#include "bytes-be.h"

/* CRQ valid bytes and formats */
#define CRQ_CMD_RSP 0x80
#define CRQ_INIT 0xc0
#define CRQ_INIT_REQ 0x01
#define CRQ_INIT_COMPLETE 0x02
#define CRQ_TRANSPORT 0xff
#define CRQ_FMT_SRP 0x01
#define CRQ_FMT_MAD 0x02

/* SRP information unit types */
#define SRP_LOGIN_REQ 0x00
#define SRP_TSK_MGMT 0x01
#define SRP_CMD 0x02
#define SRP_I_LOGOUT 0x03
#define SRP_LOGIN_RSP 0xc0
#define SRP_RSP 0xc1
#define SRP_LOGIN_REJ 0xc2

#define SRP_MAX_IU 256          /* Linux's SRP_MAX_IU_LEN */
#define SRP_REQ_LIMIT 64        /* credits granted at login */
#define SRP_BUF_FMT_DIRECT 0x02
#define SRP_BUF_FMT_INDIRECT 0x04
#define SRP_DESC_DIRECT 1
#define SRP_DESC_INDIRECT 2
#define SRP_CMD_DESC_OFF 48     /* the descriptors after the CDB */
#define SRP_RSP_DATA_OFF 36

/* SRP_RSP flags */
#define SRP_RSP_RSPVALID 0x01
#define SRP_RSP_SNSVALID 0x02
#define SRP_RSP_DOUNDER 0x08
#define SRP_RSP_DIUNDER 0x20

/* task management functions and response codes (SRP, SAM-5) */
#define TMF_ABORT_TASK 0x01
#define TMF_ABORT_TASK_SET 0x02
#define TMF_CLEAR_TASK_SET 0x04
#define TMF_LUN_RESET 0x08
#define TMF_CLEAR_ACA 0x40
#define TMF_RSP_COMPLETE 0x00
#define TMF_RSP_NOT_SUPPORTED 0x04

/* MAD types and statuses (viosrp.h) */
#define MAD_ADAPTER_INFO 0x03
#define MAD_ENABLE_FAST_FAIL 0x08
#define MAD_SUCCESS 0x00
#define MAD_NOT_SUPPORTED 0xf1
#define MAD_FAILED 0xf7
#define MAD_ADAPTER_INFO_LEN 148 /* struct mad_adapter_info_data */

#define ASC_LUN_NOT_SUPPORTED 0x25
#define ASC_INTERNAL_FAILURE 0x44
#define ASC_INVALID_FIELD 0x24

/* at most this many descriptors in an indirect table */
#define VSCSI_MAX_DESC 1024

/* commands in flight at most (twice the credits granted at login) */
#define VSCSI_MAX_PENDING (2 * SRP_REQ_LIMIT)

typedef struct Vscsi {
    ScsiDevice *units[VSCSI_MAX_TARGETS][VSCSI_MAX_LUNS];
    ScsiDevice *order[VSCSI_MAX_TARGETS * VSCSI_MAX_LUNS]; /* the units in
                               the order they were attached */
    size_t nunits;
    BlockAioQueue *io;      /* the units' commands, in order, off the vCPU
                               thread; NULL until the first one */
    unsigned pending;       /* commands submitted and not yet answered */
} Vscsi;

/* a data buffer of an SRP_CMD: a list of (I/O address, length) */
typedef struct VscsiSeg {
    uint64_t va;
    uint32_t len;
} VscsiSeg;

typedef struct VscsiBuf {
    VscsiSeg *segs;
    size_t nsegs;
    uint64_t total;
} VscsiBuf;

static void vscsi_log(SpaprVioDevice *dev, const char *what)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("spapr-vscsi 0x%x: %s\n", dev->reg, what);
    }
}

/* ------------------------------------------------------------ answers */

/* writes the answer IU over the request and queues its CRQ entry */
static int64_t vscsi_reply(SpaprVioDevice *dev, uint8_t format,
                           uint64_t iu_ioba, const uint8_t *tag,
                           const uint8_t *iu, size_t len)
{
    uint8_t crq[SPAPR_CRQ_ENTRY_SIZE] = { CRQ_CMD_RSP, format };
    int64_t r = spapr_vio_dma_write(dev, iu_ioba, iu, len);

    if (r != H_SUCCESS) {
        vscsi_log(dev, "cannot write the answer IU");
        return r;
    }
    st_be16(crq + 6, (uint16_t)len);
    memcpy(crq + 8, tag, 8);
    return spapr_crq_send(dev, crq);
}

/* an SRP_RSP: status, sense (sense_len bytes, 0 if none), residuals, and
   for task management a response code (rsp_code >= 0) */
static int64_t vscsi_send_rsp(SpaprVioDevice *dev, uint64_t ioba,
                              const uint8_t *tag, uint8_t status,
                              const uint8_t *sense, size_t sense_len,
                              uint32_t out_resid, uint32_t in_resid,
                              int rsp_code)
{
    uint8_t rsp[SRP_RSP_DATA_OFF + 4 + SCSI_SENSE_LEN] = { 0 };
    size_t len = SRP_RSP_DATA_OFF;

    rsp[0] = SRP_RSP;
    st_be32(rsp + 4, 1);                   /* one credit back */
    memcpy(rsp + 8, tag, 8);
    rsp[19] = status;
    if (out_resid) {
        rsp[18] |= SRP_RSP_DOUNDER;
        st_be32(rsp + 20, out_resid);
    }
    if (in_resid) {
        rsp[18] |= SRP_RSP_DIUNDER;
        st_be32(rsp + 24, in_resid);
    }
    if (rsp_code >= 0) {
        rsp[18] |= SRP_RSP_RSPVALID;
        st_be32(rsp + 32, 4);
        rsp[len + 3] = (uint8_t)rsp_code;
        len += 4;
    }
    if (sense_len) {
        rsp[18] |= SRP_RSP_SNSVALID;
        st_be32(rsp + 28, (uint32_t)sense_len);
        memcpy(rsp + len, sense, sense_len);
        len += sense_len;
    }
    return vscsi_reply(dev, CRQ_FMT_SRP, ioba, tag, rsp, len);
}

static int64_t vscsi_send_check(SpaprVioDevice *dev, uint64_t ioba,
                                const uint8_t *tag, uint8_t key, uint8_t asc)
{
    uint8_t sense[SCSI_SENSE_LEN];

    scsi_build_sense(sense, key, asc, 0);
    return vscsi_send_rsp(dev, ioba, tag, SCSI_STATUS_CHECK_CONDITION, sense,
                          sizeof(sense), 0, 0, -1);
}

/* ------------------------------------------------------------ login */

static int64_t vscsi_login(SpaprVioDevice *dev, uint64_t ioba,
                           const uint8_t *iu, size_t len)
{
    uint8_t rsp[52] = { 0 };
    uint32_t it_len = ld_be32(iu + 16);

    if (len < 64) {
        uint8_t rej[32] = { SRP_LOGIN_REJ };

        memcpy(rej + 8, iu + 8, 8);
        st_be32(rej + 4, 0x00010000); /* reason: unable to establish */
        return vscsi_reply(dev, CRQ_FMT_SRP, ioba, iu + 8, rej, sizeof(rej));
    }
    rsp[0] = SRP_LOGIN_RSP;
    st_be32(rsp + 4, SRP_REQ_LIMIT);
    memcpy(rsp + 8, iu + 8, 8);
    it_len = MIN(MAX(it_len, 64u), (uint32_t)SRP_MAX_IU);
    st_be32(rsp + 16, it_len);             /* max initiator-to-target IU */
    st_be32(rsp + 20, SRP_MAX_IU);         /* max target-to-initiator IU */
    st_be16(rsp + 24, SRP_BUF_FMT_DIRECT | SRP_BUF_FMT_INDIRECT);
    return vscsi_reply(dev, CRQ_FMT_SRP, ioba, iu + 8, rsp, sizeof(rsp));
}

/* ------------------------------------------------------------ commands */

/* the unit a SRP LUN names, or NULL; *target is its target either way
   (-1 if the LUN is not one we can decode) */
static ScsiDevice *vscsi_lun(Vscsi *v, const uint8_t *lun, int *target)
{
    int t, l;

    *target = -1;
    for (int i = 2; i < 8; i++) {
        if (lun[i]) {
            return NULL;
        }
    }
    switch (lun[0] >> 6) {
    case 2: /* logical unit addressing: target, bus, lun */
        if (lun[1] >> 5) {
            return NULL; /* one bus */
        }
        t = lun[0] & 0x3f;
        l = lun[1] & 0x1f;
        break;
    case 0: /* peripheral addressing, bus 0: the LUN of target 0 */
        if (lun[0]) {
            return NULL;
        }
        t = 0;
        l = lun[1];
        break;
    default:
        return NULL;
    }
    *target = t;
    return l < VSCSI_MAX_LUNS ? v->units[t][l] : NULL;
}

/* REPORT LUNS (SPC-4 6.33) for a target */
static size_t vscsi_report_luns(Vscsi *v, int target, uint8_t *in,
                                size_t cap)
{
    uint8_t b[8 + 8 * VSCSI_MAX_LUNS] = { 0 };
    size_t n = 0;

    for (int l = 0; l < VSCSI_MAX_LUNS; l++) {
        if (v->units[target][l]) {
            b[8 + 8 * n + 1] = (uint8_t)l;
            n++;
        }
    }
    st_be32(b, (uint32_t)(8 * n));
    memcpy(in, b, MIN(cap, 8 + 8 * n));
    return MIN(cap, 8 + 8 * n);
}

/* the descriptors of one direction (fmt, count from the IU) at *off */
static bool vscsi_parse_buf(SpaprVioDevice *dev, const uint8_t *iu,
                            size_t len, size_t *off, uint8_t fmt,
                            uint8_t count, VscsiBuf *buf)
{
    memset(buf, 0, sizeof(*buf));
    if (fmt == 0) {
        return true;
    }
    if (fmt == SRP_DESC_DIRECT) {
        if (*off + 16 > len) {
            return false;
        }
        buf->segs = g_new(VscsiSeg, 1);
        buf->segs[0].va = ld_be64(iu + *off);
        buf->segs[0].len = ld_be32(iu + *off + 12);
        buf->nsegs = 1;
        buf->total = buf->segs[0].len;
        *off += 16;
        return true;
    }
    if (fmt != SRP_DESC_INDIRECT || *off + 20 > len) {
        return false;
    }
    /* the table descriptor (va, key, len), the total length, then up to
       count descriptors in the IU */
    uint64_t table_va = ld_be64(iu + *off);
    uint32_t table_len = ld_be32(iu + *off + 12);
    size_t n = table_len / 16;
    const uint8_t *list = iu + *off + 20;
    uint8_t *ext = NULL;

    if (n == 0 || n > VSCSI_MAX_DESC) {
        return false;
    }
    if (n <= count) {
        if (*off + 20 + 16 * n > len) {
            return false;
        }
    } else {
        ext = g_malloc(16 * n);
        if (spapr_vio_dma_read(dev, table_va, ext, 16 * n) != H_SUCCESS) {
            g_free(ext);
            return false;
        }
        list = ext;
    }
    buf->segs = g_new(VscsiSeg, n);
    buf->nsegs = n;
    for (size_t i = 0; i < n; i++) {
        buf->segs[i].va = ld_be64(list + 16 * i);
        buf->segs[i].len = ld_be32(list + 16 * i + 12);
        buf->total += buf->segs[i].len;
    }
    g_free(ext);
    *off += 20 + 16 * (size_t)count;
    return true;
}

/* copies between the host buffer and the segments; false if any DMA
   fails */
static bool vscsi_xfer(SpaprVioDevice *dev, const VscsiBuf *b, uint8_t *data,
                       uint64_t len, bool to_guest)
{
    uint64_t done = 0;

    for (size_t i = 0; i < b->nsegs && done < len; i++) {
        uint64_t n = MIN((uint64_t)b->segs[i].len, len - done);
        int64_t r = to_guest
                        ? spapr_vio_dma_write(dev, b->segs[i].va, data + done,
                                              n)
                        : spapr_vio_dma_read(dev, b->segs[i].va, data + done,
                                             n);

        if (r != H_SUCCESS) {
            return false;
        }
        done += n;
    }
    return true;
}

/* an SRP_CMD for a unit, between its submission and its answer */
typedef struct VscsiReq {
    SpaprVioDevice *dev;
    ScsiDevice *sd;
    uint64_t ioba;
    uint8_t tag[8];
    uint8_t cdb[16 + 252];
    size_t cdb_len;
    VscsiBuf out, in;
    uint8_t *data;
    ScsiResult res;
} VscsiReq;

static void vscsi_req_free(VscsiReq *q)
{
    g_free(q->data);
    g_free(q->out.segs);
    g_free(q->in.segs);
    g_free(q);
}

/* the data-in bytes to the guest and the SRP_RSP: on the run loop */
static int64_t vscsi_req_answer(VscsiReq *q)
{
    SpaprVioDevice *dev = q->dev;

    if (q->res.in_len && !vscsi_xfer(dev, &q->in, q->data, q->res.in_len,
                                     true)) {
        return vscsi_send_check(dev, q->ioba, q->tag, SENSE_HARDWARE_ERROR,
                                ASC_INTERNAL_FAILURE);
    }
    return vscsi_send_rsp(dev, q->ioba, q->tag, q->res.status, q->res.sense,
                          q->res.status == SCSI_STATUS_CHECK_CONDITION
                              ? SCSI_SENSE_LEN : 0,
                          0, (uint32_t)(q->in.total - q->res.in_len), -1);
}

/* the unit runs the command: on an I/O worker (block-aio.c), touching
   only the request's own buffers */
static int vscsi_req_work(void *opaque)
{
    VscsiReq *q = opaque;

    scsi_device_exec(q->sd, q->cdb, q->cdb_len, q->data, q->out.total,
                     q->data, q->in.total, &q->res);
    return 0;
}

static void vscsi_req_done(void *opaque, int ret)
{
    VscsiReq *q = opaque;
    Vscsi *v = q->dev->priv;

    v->pending--;
    vscsi_req_answer(q);
    vscsi_req_free(q);
}

static int64_t vscsi_cmd(SpaprVioDevice *dev, uint64_t ioba,
                         const uint8_t *iu, size_t len)
{
    Vscsi *v = dev->priv;
    const uint8_t *tag = iu + 8;
    size_t add_cdb = iu[31] & ~3u;
    size_t off = SRP_CMD_DESC_OFF + add_cdb;
    VscsiReq *q;
    int target;
    int64_t r;

    if (len < SRP_CMD_DESC_OFF || off > len) {
        return vscsi_send_check(dev, ioba, tag, SENSE_ILLEGAL_REQUEST,
                                ASC_INVALID_FIELD);
    }
    q = g_new0(VscsiReq, 1);
    q->dev = dev;
    q->ioba = ioba;
    memcpy(q->tag, tag, 8);
    q->cdb_len = 16 + add_cdb;
    memcpy(q->cdb, iu + 32, 16);
    memcpy(q->cdb + 16, iu + SRP_CMD_DESC_OFF, add_cdb);
    if (!vscsi_parse_buf(dev, iu, len, &off, iu[5] >> 4, iu[6], &q->out)) {
        vscsi_log(dev, "bad data-out descriptors");
        r = vscsi_send_check(dev, ioba, tag, SENSE_ILLEGAL_REQUEST,
                             ASC_INVALID_FIELD);
        goto done;
    }
    if (!vscsi_parse_buf(dev, iu, len, &off, iu[5] & 0xf, iu[7], &q->in)) {
        vscsi_log(dev, "bad data-in descriptors");
        r = vscsi_send_check(dev, ioba, tag, SENSE_ILLEGAL_REQUEST,
                             ASC_INVALID_FIELD);
        goto done;
    }
    if (q->out.total > VSCSI_MAX_TRANSFER * 16ull ||
        q->in.total > VSCSI_MAX_TRANSFER * 16ull) {
        r = vscsi_send_check(dev, ioba, tag, SENSE_ILLEGAL_REQUEST,
                             ASC_INVALID_FIELD);
        goto done;
    }
    q->data = g_malloc(MAX(MAX(q->out.total, q->in.total), 1));
    if (q->out.total && !vscsi_xfer(dev, &q->out, q->data, q->out.total,
                                    false)) {
        r = vscsi_send_check(dev, ioba, tag, SENSE_HARDWARE_ERROR,
                             ASC_INTERNAL_FAILURE);
        goto done;
    }

    /* REPORT LUNS is the target's, whichever of its LUNs is addressed */
    q->sd = vscsi_lun(v, iu + 20, &target);
    if (target >= 0 && q->cdb[0] == 0xa0 /* REPORT LUNS */) {
        q->res.in_len = vscsi_report_luns(v, target, q->data, q->in.total);
    } else if (q->sd) {
        if (v->pending >= VSCSI_MAX_PENDING) {
            /* more than the credits we granted: TASK SET FULL (SAM-5) */
            q->res.status = SCSI_STATUS_TASK_SET_FULL;
        } else {
            /* off the vCPU thread: answered when the unit is done */
            if (!v->io) {
                v->io = blk_aio_queue_new(dev->m ? dev->m->blk_aio : NULL);
            }
            v->pending++;
            blk_aio_submit(v->io, vscsi_req_work, vscsi_req_done, q);
            return H_SUCCESS;
        }
    } else if (q->cdb[0] == 0x12 /* INQUIRY */ && !(q->cdb[1] & 1)) {
        q->res.in_len = scsi_inquiry_no_lun(q->data,
                                            MIN(q->in.total,
                                                (uint64_t)ld_be16(q->cdb + 3)));
    } else {
        q->res.status = SCSI_STATUS_CHECK_CONDITION;
        scsi_build_sense(q->res.sense, SENSE_ILLEGAL_REQUEST,
                         ASC_LUN_NOT_SUPPORTED, 0);
    }
    r = vscsi_req_answer(q);
done:
    vscsi_req_free(q);
    return r;
}

static int64_t vscsi_tsk_mgmt(SpaprVioDevice *dev, uint64_t ioba,
                              const uint8_t *iu, size_t len)
{
    int code = TMF_RSP_NOT_SUPPORTED;

    if (len >= 48) {
        switch (iu[30]) {
        case TMF_ABORT_TASK:
        case TMF_ABORT_TASK_SET:
        case TMF_CLEAR_TASK_SET:
        case TMF_LUN_RESET:
        case TMF_CLEAR_ACA:
            /* every command has completed already */
            code = TMF_RSP_COMPLETE;
            break;
        }
    }
    return vscsi_send_rsp(dev, ioba, iu + 8, SCSI_STATUS_GOOD, NULL, 0, 0, 0,
                          code);
}

/* ------------------------------------------------------------ MADs */

static int64_t vscsi_mad(SpaprVioDevice *dev, uint64_t ioba, uint8_t *iu,
                         size_t len)
{
    uint32_t type = ld_be32(iu);
    uint16_t status = MAD_NOT_SUPPORTED;

    if (len < 16) {
        return H_PARAMETER;
    }
    if (type == MAD_ADAPTER_INFO && len >= 24) {
        uint8_t info[MAD_ADAPTER_INFO_LEN] = { 0 };
        size_t n = MIN((size_t)ld_be16(iu + 6), sizeof(info));

        memcpy(info, "16.a", 4);                /* SRP version */
        memcpy(info + 8, "powerjit", 8);        /* partition name */
        st_be32(info + 104, 0);                    /* partition number */
        st_be32(info + 108, 1);                    /* MAD version */
        st_be32(info + 112, 2);                    /* OS type: Linux */
        st_be32(info + 116, VSCSI_MAX_TRANSFER);   /* port_max_txu[0] */
        status = spapr_vio_dma_write(dev, ld_be64(iu + 16), info, n) ==
                         H_SUCCESS
                     ? MAD_SUCCESS
                     : MAD_FAILED;
    } else if (type == MAD_ENABLE_FAST_FAIL) {
        status = MAD_SUCCESS;
    }
    st_be16(iu + 4, status);
    return vscsi_reply(dev, CRQ_FMT_MAD, ioba, iu + 8, iu, len);
}

/* ------------------------------------------------------------ the CRQ */

static int64_t vscsi_crq_recv(SpaprVioDevice *dev, const uint8_t *msg)
{
    uint8_t iu[SRP_MAX_IU];
    uint64_t ioba;
    size_t len;
    int64_t r;

    switch (msg[0]) {
    case CRQ_INIT:
        if (msg[1] == CRQ_INIT_REQ) {
            uint8_t rsp[SPAPR_CRQ_ENTRY_SIZE] = { CRQ_INIT,
                                                  CRQ_INIT_COMPLETE };
            return spapr_crq_send(dev, rsp);
        }
        return H_SUCCESS;
    case CRQ_TRANSPORT:
        return H_SUCCESS;
    case CRQ_CMD_RSP:
        break;
    default:
        vscsi_log(dev, "unknown CRQ message");
        return H_PARAMETER;
    }
    len = MIN((size_t)ld_be16(msg + 6), sizeof(iu));
    ioba = ld_be64(msg + 8);
    if (len < 16) {
        vscsi_log(dev, "IU too short");
        return H_PARAMETER;
    }
    r = spapr_vio_dma_read(dev, ioba, iu, len);
    if (r != H_SUCCESS) {
        vscsi_log(dev, "cannot read the IU");
        return r;
    }
    if (msg[1] == CRQ_FMT_MAD) {
        return vscsi_mad(dev, ioba, iu, len);
    }
    if (msg[1] != CRQ_FMT_SRP) {
        vscsi_log(dev, "unknown CRQ format");
        return H_PARAMETER;
    }
    switch (iu[0]) {
    case SRP_LOGIN_REQ:
        return vscsi_login(dev, ioba, iu, len);
    case SRP_CMD:
        return vscsi_cmd(dev, ioba, iu, len);
    case SRP_TSK_MGMT:
        return vscsi_tsk_mgmt(dev, ioba, iu, len);
    case SRP_I_LOGOUT:
        return H_SUCCESS;
    default:
        vscsi_log(dev, "unknown SRP IU");
        return vscsi_send_check(dev, ioba, iu + 8, SENSE_ILLEGAL_REQUEST,
                                ASC_INVALID_FIELD);
    }
}

static void vscsi_unrealize(SpaprVioDevice *dev)
{
    Vscsi *v = dev->priv;

    /* the machine drained its completions before: nothing is in flight */
    blk_aio_queue_free(v->io);

    for (int t = 0; t < VSCSI_MAX_TARGETS; t++) {
        for (int l = 0; l < VSCSI_MAX_LUNS; l++) {
            scsi_device_free(v->units[t][l]);
        }
    }
}

/*
 * The children of a v-scsi node are addressed by the 64-bit SRP LUN
 * (disk@8000000000000000: LUN 0 of target 0 in the flat-space form of SAM
 * logical unit addressing), so two address cells and no size.  Linux's
 * ibmvscsi does not read them, but SLOF's device paths do: without them its
 * decode-unit refuses the disk's unit and SLOF cannot boot from the disk
 * ("E3405: No such device").
 */
static int vscsi_fdt(SpaprVioDevice *dev, void *fdt, int node)
{
    (void)dev;
    int r = fdt_setprop_cell(fdt, node, "#address-cells", 2);
    return r ? r : fdt_setprop_cell(fdt, node, "#size-cells", 0);
}

const SpaprVioType spapr_vscsi_type = {
    .name = "spapr-vscsi",
    .dt_name = "v-scsi",
    .dt_type = "vscsi",
    .dt_compat = "IBM,v-scsi",
    .dma_window = 0x10000000,   /* 256 MiB of I/O space */
    .has_crq = true,
    .priv_size = sizeof(Vscsi),
    .unrealize = vscsi_unrealize,
    .crq_recv = vscsi_crq_recv,
    .fdt = vscsi_fdt,
};

bool spapr_vscsi_attach(SpaprVioDevice *dev, ScsiDevice *sd, char **err)
{
    Vscsi *v = dev->priv;

    if (sd->id >= VSCSI_MAX_TARGETS || sd->lun >= VSCSI_MAX_LUNS) {
        *err = g_strdup_printf("scsi-id %u lun %u: out of range (scsi-id "
                               "0..%d, lun 0..%d)", sd->id, sd->lun,
                               VSCSI_MAX_TARGETS - 1, VSCSI_MAX_LUNS - 1);
        scsi_device_free(sd);
        return false;
    }
    if (v->units[sd->id][sd->lun]) {
        *err = g_strdup_printf("scsi-id %u lun %u is already in use",
                               sd->id, sd->lun);
        scsi_device_free(sd);
        return false;
    }
    v->units[sd->id][sd->lun] = sd;
    v->order[v->nunits++] = sd;
    return true;
}

size_t spapr_vscsi_units(const SpaprVioDevice *dev, ScsiDevice *const **units)
{
    const Vscsi *v = dev->priv;

    *units = v->order;
    return v->nunits;
}

/* ------------------------------------------------------------ drives */

static const SpaprDriveSpec *drive_find(SpaprMachine *m, const char *id)
{
    const GPtrArray *drives = m->cfg->drives;

    for (guint i = 0; drives && i < drives->len; i++) {
        const SpaprDriveSpec *d = g_ptr_array_index(drives, i);

        if (d->id && strcmp(d->id, id) == 0) {
            return d;
        }
    }
    return NULL;
}

/* opens a drive's image (NULL with no error for a drive without one) */
static bool drive_open(const SpaprDriveSpec *d, BlockBackend **blk,
                       char **err)
{
    BlockOpenOpts o = {
        .file = d->file,
        .readonly = d->readonly || d->cdrom,
        .snapshot = d->snapshot,
        .format = (BlockFormat)d->format,
        .cache = (BlockCache)d->cache,
        .probed = d->probed,
        .stats = d->stats,
    };

    *blk = NULL;
    if (!d->file) {
        return true;
    }
    *blk = blk_open(&o, err);
    return *blk != NULL;
}

bool spapr_scsi_driver_known(const char *driver)
{
    return strcmp(driver, "scsi-hd") == 0 || strcmp(driver, "scsi-cd") == 0;
}

static bool prop_uint(const char *driver, const char *key, const char *s,
                      uint32_t *out, char **err)
{
    char *end;
    guint64 v;

    if (!s) {
        return true;
    }
    v = g_ascii_strtoull(s, &end, 0);
    if (!*s || *end || v > 0xffff) {
        *err = g_strdup_printf("%s: bad %s '%s'", driver, key, s);
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

bool spapr_scsi_device_add(SpaprMachine *m, SpaprDevProps *props,
                           char **err)
{
    const char *driver = spapr_devprops_driver(props);
    bool cdrom = strcmp(driver, "scsi-cd") == 0;
    const char *drive = spapr_devprops_take(props, "drive");
    const char *bus = spapr_devprops_take(props, "bus");
    const char *serial = spapr_devprops_take(props, "serial");
    const char *id = spapr_devprops_take(props, "id");
    const char *scsi_id = spapr_devprops_take(props, "scsi-id");
    uint32_t target = 0, lun = 0;
    ScsiDevice *sd;
    SpaprVioDevice *hba = NULL;
    const SpaprDriveSpec *d = NULL;
    BlockBackend *blk = NULL;

    if (!prop_uint(driver, "scsi-id", scsi_id, &target, err) ||
        !prop_uint(driver, "lun", spapr_devprops_take(props, "lun"), &lun,
                   err) ||
        !spapr_devprops_check_taken(props, err)) {
        return false;
    }
    if (bus) {
        size_t n = strlen(bus);
        char *name = g_strndup(bus, n > 2 ? n - 2 : 0);

        if (n > 2 && strcmp(bus + n - 2, ".0") == 0) {
            hba = spapr_vio_find_id(m, name, &spapr_vscsi_type);
        }
        g_free(name);
        if (!hba) {
            *err = g_strdup_printf("Bus '%s' not found", bus);
            return false;
        }
    } else {
        size_t n;
        SpaprVioDevice **devs = spapr_vio_devices(m, &n);

        for (size_t i = 0; i < n && !hba; i++) {
            if (devs[i]->type == &spapr_vscsi_type) {
                hba = devs[i];
            }
        }
        if (!hba) {
            *err = g_strdup_printf("%s: no SCSI bus (add -device "
                                   "spapr-vscsi first)", driver);
            return false;
        }
    }
    /* no scsi-id: the first target with that LUN free, as QEMU's SCSI bus
       numbers its devices (so two scsi-hd on one bus need no ids) */
    if (!scsi_id && lun < VSCSI_MAX_LUNS) {
        const Vscsi *v = hba->priv;

        while (target < VSCSI_MAX_TARGETS && v->units[target][lun]) {
            target++;
        }
        if (target == VSCSI_MAX_TARGETS) {
            *err = g_strdup_printf("%s: no free target for lun %u on the "
                                   "SCSI bus", driver, lun);
            return false;
        }
    }
    if (drive) {
        d = drive_find(m, drive);
        if (!d || d->iface != SPAPR_DRIVE_IF_NONE) {
            *err = g_strdup_printf("Property '%s.drive' can't find value "
                                   "'%s'", driver, drive);
            return false;
        }
        if (g_hash_table_contains(m->drives_claimed, drive)) {
            *err = g_strdup_printf("Drive '%s' is already in use by "
                                   "another device", drive);
            return false;
        }
    } else if (!cdrom) {
        *err = g_strdup_printf("%s: drive property not set", driver);
        return false;
    }
    if (d && !drive_open(d, &blk, err)) {
        return false;
    }
    if (d && !d->file && !cdrom) {
        *err = g_strdup_printf("Device needs media, but drive '%s' is "
                               "empty", drive);
        return false;
    }
    if (d) {
        g_hash_table_add(m->drives_claimed, g_strdup(drive));
    }
    sd = scsi_device_new(blk, cdrom, target, lun,
                         serial ? serial : (id ? id : drive));
    sd->qdev_id = id ? g_strdup(id) : NULL;
    sd->drive = drive ? g_strdup(drive) : NULL;
    return spapr_vscsi_attach(hba, sd, err);
}

bool spapr_scsi_drives_setup(SpaprMachine *m, char **err)
{
    const GPtrArray *drives = m->cfg->drives;
    int max_bus = -1;
    SpaprVioDevice **hbas;

    if (!m->drives_claimed) {
        m->drives_claimed = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                  g_free, NULL);
    }
    for (guint i = 0; drives && i < drives->len; i++) {
        const SpaprDriveSpec *d = g_ptr_array_index(drives, i);

        if (d->iface == SPAPR_DRIVE_IF_SCSI) {
            max_bus = MAX(max_bus, d->bus);
        }
    }
    if (max_bus < 0) {
        return true;
    }
    hbas = g_new0(SpaprVioDevice *, max_bus + 1);
    for (int b = 0; b <= max_bus; b++) {
        hbas[b] = spapr_vio_create(m, &spapr_vscsi_type, 0, NULL, err);
        if (!hbas[b]) {
            g_free(hbas);
            return false;
        }
    }
    for (guint i = 0; i < drives->len; i++) {
        const SpaprDriveSpec *d = g_ptr_array_index(drives, i);
        BlockBackend *blk;
        char *serial;

        if (d->iface != SPAPR_DRIVE_IF_SCSI) {
            continue;
        }
        if (!drive_open(d, &blk, err)) {
            g_free(hbas);
            return false;
        }
        serial = d->id ? g_strdup(d->id)
                       : g_strdup_printf("scsi%d-%s%d", d->bus,
                                         d->cdrom ? "cd" : "hd", d->unit);
        ScsiDevice *sd = scsi_device_new(blk, d->cdrom, (uint32_t)d->unit, 0,
                                         serial);
        sd->drive = serial;
        bool ok = spapr_vscsi_attach(hbas[d->bus], sd, err);
        if (!ok) {
            g_free(hbas);
            return false;
        }
    }
    g_free(hbas);
    return true;
}
