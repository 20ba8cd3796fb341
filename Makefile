# cpdcert: `make demo` issues the example event's certificates; `make test` runs every test;
# `make package` builds the Debian package, `make install` installs the same files without one.
# They install the Debian packages they need first (apt-get, with sudo when not root).

SWIFT        ?= swift
EXAMPLE      := Examples/county-lines-2020
OUT          ?= out
REGISTRY     ?= cpdcert.sqlite
# C libraries (headers for the build), fonts the templates name, and the tools tests use.
PACKAGES     := pkg-config zlib1g-dev libcairo2-dev libpango1.0-dev libqrencode-dev librsvg2-dev libpoppler-glib-dev \
                libsqlite3-dev sqlite3 tzdata fonts-noto-core fonts-noto-cjk fonts-inter poppler-utils qpdf zbar-tools \
                chromium chromium-driver curl nginx-light openssl libcurl4-openssl-dev python3-venv postgresql postgresql-client
# What `make package` and its tests use besides: dpkg-dev (dpkg-shlibdeps), binutils (strip,
# objdump), fontconfig (fc-match), systemd (systemd-analyze verify), debootstrap (the clean root).
PACKAGE_TOOLS := dpkg-dev binutils fontconfig systemd debootstrap

# The version is BuildInfo.version; the commit is recorded in share/cpdcert/commit at install.
VERSION      := $(shell Packaging/version.sh)
COMMIT       ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
PREFIX       ?= /usr/local
DESTDIR      ?=
# Man pages carry the commit's date, so the same commit makes the same pages.
MANUAL_DATE  := $(shell git log -1 --format=%cs 2>/dev/null || date -u +%F)
MANUALS      := .build/plugins/GenerateManual/outputs/cpdcert
INSTALL_VARS := BINARY=.build/release/cpdcert MANUALS=$(MANUALS) COMMIT=$(COMMIT)

.PHONY: test-venv all deps packages build release demo test lint format clean \
        package-deps static-release manual install package package-test units-test

all: build

packages:
	@echo $(PACKAGES)

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build --product cpdcert

release: deps
	$(SWIFT) build -c release --product cpdcert

package-deps:
	@$(MAKE) --no-print-directory deps PACKAGES="$(PACKAGES) $(PACKAGE_TOOLS)"

# The man pages come from swift-argument-parser's generate-manual plugin, one page per command
# (cpdcert.1, cpdcert.issue.1, ...). The plugin builds every product in release first, linked
# against the shared Swift libraries, and that build shares no object with the static one (each
# switch between them compiles everything again, about 20 minutes here), so the pages are made
# again only when the commands' sources change, and the binary that ships is linked after them.
COMMAND_SOURCES := $(shell find Sources/CPDCommands Sources/CPDCore/BuildInfo.swift -name '*.swift')
manual: $(MANUALS)/cpdcert.1

$(MANUALS)/cpdcert.1: $(COMMAND_SOURCES)
	@$(MAKE) --no-print-directory package-deps
	$(SWIFT) package plugin generate-manual --multi-page --date $(MANUAL_DATE) \
	  --authors "cpdcert maintainers<cpdcert@example.org>"
	@touch $@

# The shipped binary: the Swift standard library and Foundation linked in, so only Debian's
# C libraries are needed at run time.
static-release: manual
	$(SWIFT) build -c release --static-swift-stdlib --product cpdcert

install: static-release
	$(INSTALL_VARS) PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) Packaging/install.sh

package: static-release
	$(INSTALL_VARS) Packaging/build-deb.sh

# systemd-analyze verify on the shipped units (quick; not part of `make test` only because it
# needs the systemd package).
units-test: package-deps
	Tests/Package/verify-units.sh

# Installs the package in a fresh Debian 12 root (debootstrap, several minutes, needs root and
# the network): --version, issue from another folder, serve answering. Not part of `make test`.
package-test: package
	Tests/Package/test-package.sh cpdcert_$(VERSION)_amd64.deb

# Exit status 65 means "some input rows were rejected": the example includes malformed rows
# on purpose, so the demo treats it as success after showing them.
# The demo's log signing key is made once, so the registry it leaves is signed and auditable.
DEMO_KEYS    ?= cpdcert-keys
DEMO_ORIGIN  ?= verify.example.org/cpdcert-demo

demo: release
	@[ -f $(DEMO_KEYS)/log.key ] || ./.build/release/cpdcert keys init --name $(DEMO_ORIGIN) --keys $(DEMO_KEYS)
	@./.build/release/cpdcert issue --event $(EXAMPLE)/event.yaml --attendance $(EXAMPLE)/attendance.csv \
	  --out $(OUT)/county-lines-2020 --registry $(REGISTRY) --keys $(DEMO_KEYS); status=$$?; \
	  if [ $$status -ne 0 ] && [ $$status -ne 65 ]; then exit $$status; fi; \
	  echo; echo "Audit the registry with:           ./.build/release/cpdcert audit verify --registry $(REGISTRY) --pdfs $(OUT)/county-lines-2020"; \
	  echo "Serve the verification pages with: ./.build/release/cpdcert serve --registry $(REGISTRY) --port 8080"

# The PyPI tools the tests run (credential verifiers, aiosmtpd as a real SMTP server), in a venv made from Tests/requirements.txt.
TEST_VENV    := .build/test-venv
export CPDCERT_TEST_PYTHON := $(abspath $(TEST_VENV))/bin/python

test-venv: $(TEST_VENV)/.installed

$(TEST_VENV)/.installed: Tests/requirements.txt
	python3 -m venv $(TEST_VENV)
	$(TEST_VENV)/bin/pip install --quiet -r Tests/requirements.txt
	touch $@

# The PostgreSQL tests use the server CPDCERT_TEST_POSTGRES names, else a throwaway cluster
# Tests/with-postgres.sh starts (and stops) around the run.
test: deps test-venv
	$(SWIFT) build --build-tests
	Tests/with-postgres.sh $(SWIFT) test --skip-build --skip PostgresServeEndToEndTests
	# It stops and restarts the server, so it runs alone, after every other test.
	Tests/with-postgres.sh $(SWIFT) test --skip-build --filter PostgresServeEndToEndTests

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build cpdcert_*_amd64.deb $(OUT) $(REGISTRY) $(REGISTRY)-wal $(REGISTRY)-shm
