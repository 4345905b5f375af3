# Builds one batch of the differential runner (driven by tests/diff/run.sh):
#     make -f tests/diff/diff.mk BATCH=build/diff/b0 batch
# turns $(BATCH)/cases.S (from gen) into
#     $(BATCH)/bm-le.elf    bare-metal, for powerjit
#     $(BATCH)/user-le.elf  Linux user mode, for Debian's qemu-ppc64le
# (and -be for the big-endian pair when ORDERS includes be); the target
# batch-fp builds fp-bm-*.elf and fp-user-*.elf from the cases of gen-fp.

include tests/isa/Makefile.inc

DIFF_SRC := tests/diff
DIFF_OUT := $(BUILD)/diff
ORDERS ?= le
HOST_CC ?= gcc

# the generators: gen.c and gen-fp.c, each with the shared gen-common.c
$(DIFF_OUT)/gen $(DIFF_OUT)/gen-fp: $(DIFF_OUT)/%: $(DIFF_SRC)/%.c \
		$(DIFF_SRC)/gen-common.c $(DIFF_SRC)/gen-common.h
	@mkdir -p $(dir $@)
	$(HOST_CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -o $@ $(filter %.c,$^)

define diff_order_rules
$(DIFF_OUT)/obj-$(1)/harness-bm.o: $(DIFF_SRC)/harness.c $(ISA_RT_HDRS)
	@mkdir -p $$(dir $$@)
	$(ISA_CC_$(1)) $(ISA_CFLAGS) $(ISA_ABI_$(1)) -c $$< -o $$@

$(DIFF_OUT)/obj-$(1)/harness-user.o: $(DIFF_SRC)/harness.c
	@mkdir -p $$(dir $$@)
	$(ISA_CC_$(1)) $(ISA_CFLAGS) $(ISA_ABI_$(1)) -DDIFF_LINUX -c $$< -o $$@

$(DIFF_OUT)/obj-$(1)/%.o: $(DIFF_SRC)/%.S
	@mkdir -p $$(dir $$@)
	$(ISA_CC_$(1)) $(ISA_CFLAGS) $(ISA_ABI_$(1)) -c $$< -o $$@

$(BATCH)/cases-$(1).o: $(BATCH)/cases.S
	$(ISA_CC_$(1)) $(ISA_CFLAGS) $(ISA_ABI_$(1)) -c $$< -o $$@

$(BATCH)/bm-$(1).elf: $(BATCH)/cases-$(1).o $(DIFF_OUT)/obj-$(1)/harness-bm.o \
		$(DIFF_OUT)/obj-$(1)/run-case.o $(ISA_OUT)/librt-$(1).a
	$(ISA_CC_$(1)) $(ISA_CFLAGS) $(ISA_ABI_$(1)) $(ISA_LDFLAGS) -o $$@ $$^ -lgcc

$(BATCH)/user-$(1).elf: $(BATCH)/cases-$(1).o $(DIFF_OUT)/obj-$(1)/harness-user.o \
		$(DIFF_OUT)/obj-$(1)/run-case.o $(DIFF_OUT)/obj-$(1)/linux-crt.o
	$(ISA_CC_$(1)) $(ISA_ABI_$(1)) -nostdlib -static -no-pie -Wl,--build-id=none -o $$@ $$^ -lgcc

# the floating-point runner (gen-fp.c): the same, with run-case-fp.S and
# the harness built with -DDIFF_FP
$(DIFF_OUT)/obj-$(1)/harness-fp-bm.o: $(DIFF_SRC)/harness.c $(ISA_RT_HDRS)
	@mkdir -p $$(dir $$@)
	$(ISA_CC_$(1)) $(ISA_CFLAGS) $(ISA_ABI_$(1)) -DDIFF_FP -c $$< -o $$@

$(DIFF_OUT)/obj-$(1)/harness-fp-user.o: $(DIFF_SRC)/harness.c
	@mkdir -p $$(dir $$@)
	$(ISA_CC_$(1)) $(ISA_CFLAGS) $(ISA_ABI_$(1)) -DDIFF_FP -DDIFF_LINUX -c $$< -o $$@

$(BATCH)/fp-bm-$(1).elf: $(BATCH)/cases-$(1).o $(DIFF_OUT)/obj-$(1)/harness-fp-bm.o \
		$(DIFF_OUT)/obj-$(1)/run-case-fp.o $(ISA_OUT)/librt-$(1).a
	$(ISA_CC_$(1)) $(ISA_CFLAGS) $(ISA_ABI_$(1)) $(ISA_LDFLAGS) -o $$@ $$^ -lgcc

$(BATCH)/fp-user-$(1).elf: $(BATCH)/cases-$(1).o $(DIFF_OUT)/obj-$(1)/harness-fp-user.o \
		$(DIFF_OUT)/obj-$(1)/run-case-fp.o $(DIFF_OUT)/obj-$(1)/linux-crt.o
	$(ISA_CC_$(1)) $(ISA_ABI_$(1)) -nostdlib -static -no-pie -Wl,--build-id=none -o $$@ $$^ -lgcc
endef
$(foreach o,le be,$(eval $(call diff_order_rules,$(o))))

gen: $(DIFF_OUT)/gen
batch: $(foreach o,$(ORDERS),$(BATCH)/bm-$(o).elf $(BATCH)/user-$(o).elf)
gen-fp: $(DIFF_OUT)/gen-fp
batch-fp: $(foreach o,$(ORDERS),$(BATCH)/fp-bm-$(o).elf $(BATCH)/fp-user-$(o).elf)

.PHONY: gen batch gen-fp batch-fp
