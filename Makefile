# cpdcert: `make demo` issues the example event's certificates; `make test` runs every test.
# Both install the Debian packages they need first (apt-get, with sudo when not root).

SWIFT        ?= swift
EXAMPLE      := Examples/county-lines-2020
OUT          ?= out
REGISTRY     ?= cpdcert.sqlite
# C libraries (headers for the build), fonts the templates name, and the tools tests use.
PACKAGES     := pkg-config libcairo2-dev libpango1.0-dev libqrencode-dev librsvg2-dev libpoppler-glib-dev \
                libsqlite3-dev sqlite3 tzdata fonts-noto-core fonts-noto-cjk fonts-inter poppler-utils qpdf zbar-tools \
                chromium curl nginx-light openssl

.PHONY: all deps packages build release demo test lint format clean

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

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build $(OUT) $(REGISTRY) $(REGISTRY)-wal $(REGISTRY)-shm
