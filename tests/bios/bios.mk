# The -bios test programs (tests/bios/bios-test.c, platform.c): bare-metal programs of
# the ISA runtime (big-endian, the byte order firmware is entered in),
# linked by tests/bios/bios.ld to run at 0x2000 behind a head at 0x100, and
# converted to the raw binary -bios loads at address 0:
#     build/bios/bios-test.bin, build/bios/platform.bin
# Usable alone: make -f tests/bios/bios.mk bios
include tests/isa/Makefile.inc

BIOS_OUT := $(BUILD)/bios
BIOS_OBJCOPY := powerpc64-linux-gnu-objcopy
BIOS_LDFLAGS := $(subst $(ISA_LIB_DIR)/link.ld,tests/bios/bios.ld,$(ISA_LDFLAGS))

$(BIOS_OUT)/bios-test.elf: tests/bios/bios-test.c tests/bios/head.S \
		tests/bios/bios.ld $(ISA_OUT)/librt-be.a $(ISA_RT_HDRS)
	@mkdir -p $(dir $@)
	$(ISA_CC_be) $(ISA_CFLAGS) $(ISA_ABI_be) $(BIOS_LDFLAGS) -o $@ \
		tests/bios/head.S tests/bios/bios-test.c $(ISA_OUT)/librt-be.a -lgcc

$(BIOS_OUT)/platform.elf: tests/bios/platform.c tests/bios/head.S \
		tests/bios/bios.ld $(ISA_OUT)/librt-be.a $(ISA_RT_HDRS)
	@mkdir -p $(dir $@)
	$(ISA_CC_be) $(ISA_CFLAGS) $(ISA_ABI_be) $(BIOS_LDFLAGS) -o $@ \
		tests/bios/head.S tests/bios/platform.c $(ISA_OUT)/librt-be.a -lgcc

$(BIOS_OUT)/%.bin: $(BIOS_OUT)/%.elf
	$(BIOS_OBJCOPY) -O binary $< $@

bios: $(BIOS_OUT)/bios-test.bin $(BIOS_OUT)/platform.bin \
	$(ISA_OUT)/smoke-be.elf $(ISA_OUT)/smoke-le.elf
.PHONY: bios
