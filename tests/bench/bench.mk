# Builds the bare-metal benchmark: make -f tests/bench/bench.mk bench-elfs
include tests/isa/Makefile.inc

BENCH_OUT := $(BUILD)/bench

$(BENCH_OUT)/intbench-%.elf: tests/bench/intbench.c $(ISA_OUT)/librt-%.a $(ISA_RT_HDRS)
	@mkdir -p $(dir $@)
	$(ISA_CC_$*) $(ISA_CFLAGS) $(ISA_ABI_$*) $(ISA_LDFLAGS) -o $@ $< $(ISA_OUT)/librt-$*.a -lgcc

bench-elfs: $(BENCH_OUT)/intbench-le.elf $(BENCH_OUT)/intbench-be.elf
.PHONY: bench-elfs

# the VMX loop (tests/bench/vecbench.c), built on request only
$(BENCH_OUT)/vecbench-%.elf: tests/bench/vecbench.c $(ISA_OUT)/librt-%.a $(ISA_RT_HDRS)
	@mkdir -p $(dir $@)
	$(ISA_CC_$*) $(ISA_CFLAGS) $(ISA_ABI_$*) $(ISA_LDFLAGS) -o $@ $< $(ISA_OUT)/librt-$*.a -lgcc
