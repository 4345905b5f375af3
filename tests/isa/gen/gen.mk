# The ISA tests' generated vector tables, written at build time into
# build/isa/gen/ by the host programs beside this file (included from
# tests/isa/Makefile.inc, which puts that folder on the include path):
#     fp-vectors.h      fp-vectors.c    the host's binary64 arithmetic
#     vsx-qp-vectors.h  qp-vectors.c    the host's binary128 (__float128)
#     dfp-vectors.h     dfp-vectors.py  Python's decimal module (python3)
# The host programs are built with the plain host compiler, not the
# product's CFLAGS: sanitizers or -O0 have no business in a reference.
# A generator that fails leaves no header behind (.tmp, then rename).

ISA_GEN_DIR := $(ISA_DIR)/gen
ISA_GEN_OUT := $(ISA_OUT)/gen
ISA_GEN_HDRS := $(ISA_GEN_OUT)/fp-vectors.h $(ISA_GEN_OUT)/vsx-qp-vectors.h \
	$(ISA_GEN_OUT)/dfp-vectors.h
HOST_CC ?= gcc
PYTHON3 ?= python3

$(ISA_GEN_OUT)/%-vectors: $(ISA_GEN_DIR)/%-vectors.c
	@mkdir -p $(dir $@)
	$(HOST_CC) -O1 -std=gnu11 -Wall -Wextra -Werror -o $@ $< -lm

$(ISA_GEN_OUT)/fp-vectors.h: $(ISA_GEN_OUT)/fp-vectors
	$< > $@.tmp && mv $@.tmp $@

$(ISA_GEN_OUT)/vsx-qp-vectors.h: $(ISA_GEN_OUT)/qp-vectors
	$< > $@.tmp && mv $@.tmp $@

$(ISA_GEN_OUT)/dfp-vectors.h: $(ISA_GEN_DIR)/dfp-vectors.py
	@mkdir -p $(dir $@)
	$(PYTHON3) $< > $@.tmp && mv $@.tmp $@

# the programs that include them (extra prerequisites of the pattern rules)
$(foreach o,le be,$(ISA_OUT)/fp-$(o).elf): $(ISA_GEN_OUT)/fp-vectors.h
$(foreach o,le be,$(ISA_OUT)/vsx-qp-$(o).elf): $(ISA_GEN_OUT)/vsx-qp-vectors.h
$(foreach o,le be,$(ISA_OUT)/fp-dfp-arith-$(o).elf): $(ISA_GEN_OUT)/dfp-vectors.h

isa-vectors: $(ISA_GEN_HDRS)
.PHONY: isa-vectors
