# powerjit.  `make` builds build/powerjit; `make check` runs the tests;
# `make run` boots the default guest.  Sources are picked up by folder: a new
# .c file in a product folder is part of the binary without editing this file.

.DEFAULT_GOAL := all
BUILD := build

# The goals that install dependencies first (deps, check, run, bench) build
# through a recursive make, so configure must not run before the packages
# are there: they don't read config.mk themselves.
TOP_GOALS := deps check check-full run bench clean
ifeq ($(filter $(TOP_GOALS),$(MAKECMDGOALS)),)
-include $(BUILD)/config.mk
endif

PROD_DIRS := tcg tcg/x86_64 tcg/interp accel/tcg target-ppc hw-spapr hw-pci system
PROD_SRCS := $(filter-out system/main.c,$(foreach d,$(PROD_DIRS),$(wildcard $(d)/*.c)))
PROD_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(PROD_SRCS))
MAIN_OBJ := $(BUILD)/system/main.o
LIB := $(BUILD)/libpowerjit.a

UNIT_SRCS := $(wildcard tests/unit/*.c tests/ir/*.c)
UNIT_BINS := $(patsubst %.c,$(BUILD)/%,$(UNIT_SRCS))

$(BUILD)/config.mk:
	./configure

all: $(BUILD)/powerjit

$(BUILD)/%.o: %.c $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(PROD_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/powerjit: $(MAIN_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(LIBS)

$(BUILD)/tests/%: tests/%.c $(LIB) $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -o $@ $< $(LIB) $(LIBS)

tests: $(UNIT_BINS) $(BUILD)/powerjit

# installs what the build and the tests need (idempotent)
deps:
	scripts/install-deps

check: deps
	$(MAKE) all tests
	tests/run-tests.sh

check-full: deps
	$(MAKE) all tests
	tests/run-tests.sh --full

bench: deps
	$(MAKE) all
	scripts/bench.sh; s=$$?; scripts/bench-progs.sh || s=1; \
	    scripts/bench-cpu.sh || s=1; scripts/bench-net.sh || s=1; \
	    scripts/bench-smp.sh || s=1; \
	    exit $$s

run: deps
	$(MAKE) all
	scripts/run-default.sh

clean:
	rm -rf $(BUILD)

.PHONY: all tests deps check check-full bench run clean
-include $(PROD_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(addsuffix .d,$(UNIT_BINS))
