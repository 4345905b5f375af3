/*
 * The first instructions of a -bios test image, at 0x100 where the
 * firmware convention enters (big-endian, 64-bit real mode, r3 = the
 * device tree).  They record where they ran (the address of the second
 * instruction, so 0x104 when entered at 0x100) at BIOS_HEAD_RECORD for
 * the test to check, and go to the runtime's _start with r3 intact.
 */
#define BIOS_HEAD_RECORD 0x1ff0

    .section .bios.head, "ax", @progbits
    .globl bios_head
bios_head:
    bl 1f
1:  mflr 0
    std 0, BIOS_HEAD_RECORD(0)
    b _start
