# Builds the `make run` demo: make -f tests/demo/demo.mk demo-elfs
include tests/isa/Makefile.inc

DEMO_OUT := $(BUILD)/demo

$(DEMO_OUT)/hello-%.elf: tests/demo/hello.c $(ISA_OUT)/librt-%.a $(ISA_RT_HDRS)
	@mkdir -p $(dir $@)
	$(ISA_CC_$*) $(ISA_CFLAGS) $(ISA_ABI_$*) $(ISA_LDFLAGS) -o $@ $< $(ISA_OUT)/librt-$*.a -lgcc

demo-elfs: $(DEMO_OUT)/hello-le.elf $(DEMO_OUT)/hello-be.elf
.PHONY: demo-elfs
