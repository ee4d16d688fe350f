# SPDX-License-Identifier: GPL-3.0-or-later
# A thin wrapper over meson: `make run` opens the app on its demo workspace, `make check` tests.
BUILDDIR ?= build
PROFILE ?= development

.PHONY: all deps build run check bench starter-model clean

all: build

deps:
	@build-aux/install-deps.sh

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) -Dprofile=$(PROFILE)

build: deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)

run: build
	GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data ./$(BUILDDIR)/src/app/hotlist --demo

check: build
	build-aux/run-tests.sh $(BUILDDIR)

bench: build
	meson test -C $(BUILDDIR) --benchmark --verbose

# Regenerates data/starter-model.json from the demo world with the project's own CLI.
starter-model: build
	build-aux/make-starter-model.sh $(BUILDDIR)

clean:
	rm -rf $(BUILDDIR)
