/*
 * hw-pci/virtio-serial.c: virtio-serial-pci, the console device with
 * several ports (virtio 1.1, 5.3, VIRTIO_CONSOLE_F_MULTIPORT), and its
 * ports -device virtconsole / virtserialport,chardev=ID[,name=][,nr=].
 *
 * Queues: port 0's receive and transmit (0, 1), the control queues
 * (2, 3), then port n's at 2 + 2n.  The driver says DEVICE_READY on the
 * control queue; the device answers DEVICE_ADD for every port, and to each
 * PORT_READY with CONSOLE_PORT (a virtconsole: an hvc console in Linux),
 * PORT_NAME (a named port: /dev/virtio-ports/NAME) and PORT_OPEN (the
 * host side is there).  Control messages wait in a list until the driver
 * gives receive buffers.
 *
 * Host input arrives on the chardev's reader thread; it only posts
 * SPAPR_REQ_IO, and the run loop (vCPU thread) fills the port's receive
 * buffers from spapr_pci_poll().  What the guest transmits is written to
 * the chardev at once.
 */
#include <string.h>

#include <glib.h>

#include "chardev.h"
#include "log.h"
#include "spapr-vty.h"
#include "virtio.h"

#define VIRTIO_CONSOLE_F_MULTIPORT 1
#define SERIAL_MAX_PORTS 8
#define SERIAL_NVQ (2 * (SERIAL_MAX_PORTS + 1))

/* control events (5.3.6.2) */
enum {
    VIRTIO_CONSOLE_DEVICE_READY = 0,
    VIRTIO_CONSOLE_DEVICE_ADD = 1,
    VIRTIO_CONSOLE_DEVICE_REMOVE = 2,
    VIRTIO_CONSOLE_PORT_READY = 3,
    VIRTIO_CONSOLE_CONSOLE_PORT = 4,
    VIRTIO_CONSOLE_RESIZE = 5,
    VIRTIO_CONSOLE_PORT_OPEN = 6,
    VIRTIO_CONSOLE_PORT_NAME = 7,
};

typedef struct SerialPort {
    bool present;
    bool console;
    char *name;
    char *chardev_id;
    Chardev *chr;
    bool guest_open;
} SerialPort;

typedef struct VirtioSerial {
    VirtIODevice vdev; /* first: virtio-pci.c finds it there */
    SerialPort ports[SERIAL_MAX_PORTS];
    GQueue ctrl_out;   /* GByteArray *: messages for the driver */
    bool driver_ready;
    VirtQueueElement elem;
} VirtioSerial;

static VirtQueue *rx_queue(VirtioSerial *s, unsigned port)
{
    return &s->vdev.vq[port == 0 ? 0 : 2 + 2 * port];
}

static void ctrl_queue_msg(VirtioSerial *s, uint32_t id, uint16_t event,
                           uint16_t value, const char *extra)
{
    GByteArray *msg = g_byte_array_sized_new(8);
    uint8_t hdr[8];

    pci_set_long(hdr, id);
    pci_set_word(hdr + 4, event);
    pci_set_word(hdr + 6, value);
    g_byte_array_append(msg, hdr, 8);
    if (extra) {
        g_byte_array_append(msg, (const uint8_t *)extra, strlen(extra));
    }
    g_queue_push_tail(&s->ctrl_out, msg);
}

/* hands the waiting control messages to the driver's buffers */
static void ctrl_flush(VirtioSerial *s)
{
    VirtQueue *vq = &s->vdev.vq[2];
    bool any = false;

    while (!g_queue_is_empty(&s->ctrl_out) &&
           virtqueue_pop(&s->vdev, vq, &s->elem) == 1) {
        GByteArray *msg = g_queue_pop_head(&s->ctrl_out);
        size_t n = iov_from_buf(s->elem.in, s->elem.in_num, 0, msg->data,
                                msg->len);

        virtqueue_push(&s->vdev, vq, &s->elem, (uint32_t)n);
        g_byte_array_free(msg, TRUE);
        any = true;
    }
    if (any) {
        virtqueue_notify(&s->vdev, vq);
    }
}

/* host input into port p's receive buffers */
static void port_rx(VirtioSerial *s, unsigned p)
{
    SerialPort *port = &s->ports[p];
    VirtQueue *vq = rx_queue(s, p);
    bool any = false;

    if (!port->present || !port->chr || !s->driver_ready) {
        return;
    }
    for (;;) {
        uint8_t buf[4096];
        size_t n;

        /* peek by popping a buffer only when there is input */
        if (!chardev_wait_input(port->chr, 0)) {
            break;
        }
        if (virtqueue_pop(&s->vdev, vq, &s->elem) != 1) {
            break;
        }
        n = chardev_read(port->chr, buf, MIN(sizeof(buf), s->elem.in_len));
        n = iov_from_buf(s->elem.in, s->elem.in_num, 0, buf, n);
        virtqueue_push(&s->vdev, vq, &s->elem, (uint32_t)n);
        any = true;
    }
    if (any) {
        virtqueue_notify(&s->vdev, vq);
    }
}

static void handle_ctrl_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtioSerial *s = (VirtioSerial *)vdev;
    bool any = false;

    while (virtqueue_pop(vdev, vq, &s->elem) == 1) {
        uint8_t msg[8];
        uint32_t id;
        uint16_t event, value;

        if (iov_to_buf(s->elem.out, s->elem.out_num, 0, msg, 8) != 8) {
            virtio_error(vdev, "a short control message");
            return;
        }
        virtqueue_push(vdev, vq, &s->elem, 0);
        any = true;
        id = pci_get_long(msg);
        event = pci_get_word(msg + 4);
        value = pci_get_word(msg + 6);
        switch (event) {
        case VIRTIO_CONSOLE_DEVICE_READY:
            s->driver_ready = value == 1;
            for (unsigned p = 0; value == 1 && p < SERIAL_MAX_PORTS; p++) {
                if (s->ports[p].present) {
                    ctrl_queue_msg(s, p, VIRTIO_CONSOLE_DEVICE_ADD, 1, NULL);
                }
            }
            break;
        case VIRTIO_CONSOLE_PORT_READY:
            if (id >= SERIAL_MAX_PORTS || !s->ports[id].present ||
                value != 1) {
                break;
            }
            if (s->ports[id].console) {
                ctrl_queue_msg(s, id, VIRTIO_CONSOLE_CONSOLE_PORT, 1, NULL);
            }
            if (s->ports[id].name) {
                ctrl_queue_msg(s, id, VIRTIO_CONSOLE_PORT_NAME, 1,
                               s->ports[id].name);
            }
            /* the host end is always there (a chardev) */
            ctrl_queue_msg(s, id, VIRTIO_CONSOLE_PORT_OPEN, 1, NULL);
            break;
        case VIRTIO_CONSOLE_PORT_OPEN:
            if (id < SERIAL_MAX_PORTS && s->ports[id].present) {
                s->ports[id].guest_open = value == 1;
            }
            break;
        default:
            break;
        }
    }
    if (any) {
        virtqueue_notify(vdev, vq);
    }
    ctrl_flush(s);
    for (unsigned p = 0; p < SERIAL_MAX_PORTS; p++) {
        port_rx(s, p);
    }
}

static void handle_ctrl_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    ctrl_flush((VirtioSerial *)vdev);
}

static unsigned queue_port(VirtIODevice *vdev, VirtQueue *vq)
{
    unsigned q = (unsigned)(vq - vdev->vq);

    return q < 2 ? 0 : (q - 2) / 2;
}

static void handle_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    port_rx((VirtioSerial *)vdev, queue_port(vdev, vq));
}

static void handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtioSerial *s = (VirtioSerial *)vdev;
    SerialPort *port = &s->ports[queue_port(vdev, vq)];
    bool any = false;

    while (virtqueue_pop(vdev, vq, &s->elem) == 1) {
        for (unsigned i = 0; port->chr && i < s->elem.out_num; i++) {
            chardev_write(port->chr, s->elem.out[i].iov_base,
                          s->elem.out[i].iov_len);
        }
        virtqueue_push(vdev, vq, &s->elem, 0);
        any = true;
    }
    if (any) {
        virtqueue_notify(vdev, vq);
    }
}

/* config (5.3.4): cols, rows, max_nr_ports, emerg_wr */
static uint64_t serial_config_read(VirtIODevice *vdev, uint32_t off,
                                   unsigned size)
{
    uint8_t cfg[12] = { 0 };
    uint64_t v = 0;

    pci_set_long(cfg + 4, SERIAL_MAX_PORTS);
    if (off + size <= sizeof(cfg)) {
        memcpy(&v, cfg + off, size);
    }
    return v;
}

static void serial_reset(VirtIODevice *vdev)
{
    VirtioSerial *s = (VirtioSerial *)vdev;
    GByteArray *msg;

    s->driver_ready = false;
    while ((msg = g_queue_pop_head(&s->ctrl_out)) != NULL) {
        g_byte_array_free(msg, TRUE);
    }
    for (unsigned p = 0; p < SERIAL_MAX_PORTS; p++) {
        s->ports[p].guest_open = false;
    }
}

static const VirtioDeviceOps virtio_serial_ops = {
    .device_id = VIRTIO_ID_CONSOLE,
    .pci_class = 0x078000, /* simple communication controller, other */
    .features = 1ull << VIRTIO_CONSOLE_F_MULTIPORT,
    .config_size = 12,
    .config_read = serial_config_read,
    .reset = serial_reset,
};

static bool virtio_serial_realize(PCIDevice *d, SpaprDevProps *props,
                                  char **err)
{
    VirtioSerial *s = d->priv;

    if (props) {
        const char *mp = spapr_devprops_take(props, "max_ports");

        if (mp && strtoul(mp, NULL, 0) != SERIAL_MAX_PORTS &&
            strtoul(mp, NULL, 0) > SERIAL_MAX_PORTS) {
            *err = g_strdup_printf("virtio-serial-pci: max_ports above %d "
                                   "is not supported", SERIAL_MAX_PORTS);
            return false;
        }
    }
    g_queue_init(&s->ctrl_out);
    if (!virtio_pci_realize(d, &s->vdev, &virtio_serial_ops, SERIAL_NVQ, 128,
                            props, err)) {
        return false;
    }
    for (unsigned q = 0; q < SERIAL_NVQ; q++) {
        if (q == 2) {
            s->vdev.vq[q].handle = handle_ctrl_rx;
        } else if (q == 3) {
            s->vdev.vq[q].handle = handle_ctrl_tx;
        } else {
            s->vdev.vq[q].handle = q % 2 ? handle_tx : handle_rx;
        }
        virtqueue_reset(&s->vdev.vq[q]);
    }
    return true;
}

static void virtio_serial_reset(PCIDevice *d)
{
    virtio_pci_reset(d->priv);
}

static void virtio_serial_unrealize(PCIDevice *d)
{
    VirtioSerial *s = d->priv;

    serial_reset(&s->vdev);
    for (unsigned p = 0; p < SERIAL_MAX_PORTS; p++) {
        chardev_close(s->ports[p].chr);
        g_free(s->ports[p].name);
        g_free(s->ports[p].chardev_id);
    }
}

/* the run loop's poll: host input waiting for the guest */
static void virtio_serial_poll(PCIDevice *d)
{
    VirtioSerial *s = d->priv;

    for (unsigned p = 0; p < SERIAL_MAX_PORTS; p++) {
        port_rx(s, p);
    }
}

const PCIDeviceType virtio_serial_pci_type = {
    .name = "virtio-serial-pci",
    .dt_name = "communication-controller",
    .priv_size = sizeof(VirtioSerial),
    .realize = virtio_serial_realize,
    .reset = virtio_serial_reset,
    .unrealize = virtio_serial_unrealize,
    .poll = virtio_serial_poll,
};

/* ------------------------------------------------------------ the ports */

static void port_event(void *opaque, ChardevEvent ev)
{
    SpaprMachine *m = opaque;

    if (ev == CHARDEV_EVENT_QUIT) {
        spapr_machine_request(m, SPAPR_REQ_QUIT);
    } else if (ev == CHARDEV_EVENT_INPUT) {
        spapr_machine_request(m, SPAPR_REQ_IO);
    }
}

bool virtio_serial_port_add(SpaprMachine *m, SpaprDevProps *props,
                            char **err)
{
    const char *driver = spapr_devprops_driver(props);
    bool console = strcmp(driver, "virtconsole") == 0;
    const char *chr = spapr_devprops_take(props, "chardev");
    const char *name = spapr_devprops_take(props, "name");
    const char *nr = spapr_devprops_take(props, "nr");
    const char *bus = spapr_devprops_take(props, "bus");
    PCIDevice *d = NULL;
    VirtioSerial *s;
    const ChardevSpec *spec;
    unsigned p;

    spapr_devprops_take(props, "id");
    if (!spapr_devprops_check_taken(props, err)) {
        return false;
    }
    /* bus=ID.0 names the virtio-serial-pci with id=ID; else the first */
    for (unsigned i = 0; m->pci && i < SPAPR_MAX_PHBS && !d; i++) {
        SpaprPhb *phb = m->pci->phbs[i];

        for (unsigned sl = 0; phb && sl < PCI_SLOT_MAX && !d; sl++) {
            PCIDevice *c = phb->slots[sl];
            bool match = c && c->type == &virtio_serial_pci_type;

            if (match && bus) {
                size_t n = c->id ? strlen(c->id) : 0;
                match = n && strncmp(bus, c->id, n) == 0 &&
                        strcmp(bus + n, ".0") == 0;
            }
            d = match ? c : NULL;
        }
    }
    if (!d) {
        *err = bus ? g_strdup_printf("Bus '%s' not found", bus)
                   : g_strdup_printf("No 'virtio-serial-bus' bus found for "
                                     "device '%s'", driver);
        return false;
    }
    s = d->priv;
    if (!chr) {
        *err = g_strdup_printf("%s: Property 'chardev' is required", driver);
        return false;
    }
    spec = spapr_config_chardev(m->cfg, chr);
    if (!spec) {
        *err = g_strdup_printf("Property '%s.chardev' can't find value '%s'",
                               driver, chr);
        return false;
    }
    if (nr) {
        p = (unsigned)strtoul(nr, NULL, 0);
        if (p >= SERIAL_MAX_PORTS || s->ports[p].present ||
            (p == 0 && !console)) {
            *err = g_strdup_printf("%s: port number %s is not available",
                                   driver, nr);
            return false;
        }
    } else {
        /* port 0 is the first console's, as in QEMU */
        for (p = console ? 0 : 1; p < SERIAL_MAX_PORTS &&
                                  s->ports[p].present; p++) {
        }
        if (p == SERIAL_MAX_PORTS) {
            *err = g_strdup_printf("%s: no free port", driver);
            return false;
        }
    }
    s->ports[p].chr = chardev_open(spec, err);
    if (!s->ports[p].chr) {
        return false;
    }
    chardev_set_event_handler(s->ports[p].chr, port_event, m);
    s->ports[p].present = true;
    s->ports[p].console = console;
    s->ports[p].name = g_strdup(name);
    s->ports[p].chardev_id = g_strdup(chr);
    return true;
}
